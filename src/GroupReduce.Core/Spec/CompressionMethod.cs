namespace GroupReduce.Core.Spec;

/// <summary>A way to compress the matrices.</summary>
public enum CompressionMethod
{
    /// <summary>GroupReduce: frequency groups, weighted low rank per group, refinement.</summary>
    GroupReduce,

    /// <summary>One group, unweighted truncated SVD.</summary>
    Svd,

    /// <summary>One group, frequency-weighted low rank.</summary>
    WeightedSvd,

    /// <summary>Keep the largest-magnitude entries, stored sparse.</summary>
    Prune,

    /// <summary>Only quantize the original matrix.</summary>
    Quantize,
}
