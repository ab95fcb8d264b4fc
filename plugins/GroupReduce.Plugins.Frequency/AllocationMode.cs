namespace GroupReduce.Plugins.Frequency;

/// <summary>How ranks follow the groups' frequencies.</summary>
internal enum AllocationMode
{
    /// <summary>The paper's rule: rank proportional to the group's mean frequency, leftover bytes spent greedily.</summary>
    Frequency,

    /// <summary>The same rank in every group (capped by the group's shape), for comparison.</summary>
    Uniform,
}
