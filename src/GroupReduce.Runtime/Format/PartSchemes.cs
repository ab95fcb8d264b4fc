namespace GroupReduce.Runtime.Format;

/// <summary>How one part of a stored block encodes its values: the manifest's <c>scheme</c> of a part (docs/format.md, 3.2, Parts).</summary>
public static class PartSchemes
{
    /// <summary>float32 values.</summary>
    public const string Float32 = "f32";

    /// <summary>IEEE half-precision values.</summary>
    public const string Float16 = "f16";

    /// <summary>bfloat16 values.</summary>
    public const string BFloat16 = "bf16";

    /// <summary>Signed integers of <c>bits</c> bits, times a scale per block of columns.</summary>
    public const string Integer = "int";

    /// <summary>Unsigned indices of <c>bits</c> bits into a float32 table.</summary>
    public const string Codebook = "codebook";
}
