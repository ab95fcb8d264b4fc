namespace GroupReduce.Plugins.Frequency;

/// <summary>How ranks follow the groups' frequencies.</summary>
internal enum AllocationMode
{
    /// <summary>The paper's rule: rank proportional to the group's mean frequency (to a power), leftover bytes spent greedily.</summary>
    Frequency,

    /// <summary>The same rank in every group (capped by the group's shape), for comparison.</summary>
    Uniform,

    /// <summary>By measured error: bytes go where the groups' spectra say they remove the most weighted error.</summary>
    Spectrum,
}
