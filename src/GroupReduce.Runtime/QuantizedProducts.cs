namespace GroupReduce.Runtime;

/// <summary>How <see cref="CompressedMatrix.Multiply(ReadOnlySpan{float}, Span{float}, QuantizedProducts)"/> and
/// <see cref="LanguageModelHead.Logits"/> multiply rows stored as 8- or 4-bit integers (docs/runtime.md, Integer logits).</summary>
public enum QuantizedProducts
{
    /// <summary>
    /// The default: the vector a group multiplies (<c>V_gᵀh</c>, or <c>h</c> for a dense group) is rounded to int8 once
    /// per call and multiplied with the stored integers in integer arithmetic, the scales applied once per block. Faster;
    /// each product differs from <see cref="ExactDecoding"/> by at most half the input's step times the row's L1 norm.
    /// </summary>
    IntegerDots,

    /// <summary>Every row decoded to float32 and multiplied in float: the products of the artifact's decoded matrix.</summary>
    ExactDecoding,
}
