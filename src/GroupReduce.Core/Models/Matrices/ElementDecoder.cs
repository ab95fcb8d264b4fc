namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// Converts stored elements to float32. Elements come in blocks (one element for plain types, 32 or 256 for
/// GGML's quantized types); callers always pass whole blocks. Implementations are stateless and thread-safe.
/// </summary>
internal abstract class ElementDecoder
{
    /// <summary>The element types a matrix may have, for messages.</summary>
    public const string MatrixTypeNames = "F32, F16, BF16, F64 and GGML Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K";

    /// <summary>Elements per stored block.</summary>
    public abstract int BlockElements { get; }

    /// <summary>Bytes per stored block.</summary>
    public abstract int BlockBytes { get; }

    /// <summary>Whether the stored form is little-endian float32 (so rows can be viewed without copying).</summary>
    public virtual bool IsFloat32 => false;

    /// <summary>Bytes of one row of <paramref name="columns"/> elements (a whole number of blocks).</summary>
    /// <param name="columns">The row width.</param>
    /// <returns>The byte count.</returns>
    public long RowBytes(int columns) => (long)columns / BlockElements * BlockBytes;

    /// <summary>Converts <c>destination.Length</c> elements (a multiple of <see cref="BlockElements"/>).</summary>
    /// <param name="source">Exactly <c>destination.Length / BlockElements * BlockBytes</c> stored bytes.</param>
    /// <param name="destination">The float32 values.</param>
    public abstract void Decode(ReadOnlySpan<byte> source, Span<float> destination);

    /// <summary>The decoder for a stored type, or <see langword="null"/> when the type is not read as float32.</summary>
    /// <param name="type">The stored type.</param>
    /// <returns>The decoder or <see langword="null"/>.</returns>
    public static ElementDecoder? For(TensorDType type) => type switch
    {
        TensorDType.F32 => Float32Decoder.Instance,
        TensorDType.F16 => Float16Decoder.Instance,
        TensorDType.BF16 => BFloat16Decoder.Instance,
        TensorDType.F64 => Float64Decoder.Instance,
        TensorDType.Q8_0 => Q8_0Decoder.Instance,
        _ => null,
    };

    /// <summary>
    /// The decoder for a stored type, GGML block types kept as <see cref="TensorDType.GgmlRaw"/> included (chosen by
    /// their GGML name), or <see langword="null"/> when the type is not read as float32.
    /// </summary>
    /// <param name="type">The stored type.</param>
    /// <param name="ggmlTypeName">The GGML type name, for GGML block types.</param>
    /// <returns>The decoder or <see langword="null"/>.</returns>
    public static ElementDecoder? For(TensorDType type, string? ggmlTypeName) => type != TensorDType.GgmlRaw ? For(type) : ggmlTypeName switch
    {
        "Q4_0" => Q4_0Decoder.Instance,
        "Q4_1" => Q4_1Decoder.Instance,
        "Q5_0" => Q5_0Decoder.Instance,
        "Q5_1" => Q5_1Decoder.Instance,
        "Q2_K" => Q2_KDecoder.Instance,
        "Q3_K" => Q3_KDecoder.Instance,
        "Q4_K" => Q4_KDecoder.Instance,
        "Q5_K" => Q5_KDecoder.Instance,
        "Q6_K" => Q6_KDecoder.Instance,
        _ => null,
    };
}
