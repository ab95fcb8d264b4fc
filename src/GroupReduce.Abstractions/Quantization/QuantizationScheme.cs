namespace GroupReduce.Abstractions.Quantization;

/// <summary>
/// How a stored tensor's values are encoded. The set is fixed by the artifact format
/// (docs/format.md), so any reader — the runtime included — can decode what any quantizer produced.
/// </summary>
public enum QuantizationScheme
{
    /// <summary>IEEE float32, little-endian.</summary>
    Float32,

    /// <summary>IEEE float16, little-endian.</summary>
    Float16,

    /// <summary>bfloat16 (the top 16 bits of a float32), little-endian.</summary>
    BFloat16,

    /// <summary>Symmetric signed integers of 2 to 8 bits, bit-packed per row, with one scale per block of columns.</summary>
    Integer,

    /// <summary>Indices of 1 to 8 bits into a table of float32 values, bit-packed per row.</summary>
    Codebook,
}
