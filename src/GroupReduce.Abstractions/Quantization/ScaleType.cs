namespace GroupReduce.Abstractions.Quantization;

/// <summary>How the scales of an <see cref="QuantizationScheme.Integer"/> tensor are stored.</summary>
public enum ScaleType
{
    /// <summary>float16: two bytes per block; the scale must be representable.</summary>
    Float16,

    /// <summary>float32: four bytes per block.</summary>
    Float32,
}
