namespace GroupReduce.Runtime.Storage;

/// <summary>How a part's values are encoded (docs/format.md, Parts).</summary>
internal enum PartScheme
{
    /// <summary>float32.</summary>
    Float32,

    /// <summary>IEEE half precision.</summary>
    Float16,

    /// <summary>bfloat16.</summary>
    BFloat16,

    /// <summary>Signed integers times a per-block scale.</summary>
    Integer,

    /// <summary>Indices into a float32 table.</summary>
    Codebook,
}
