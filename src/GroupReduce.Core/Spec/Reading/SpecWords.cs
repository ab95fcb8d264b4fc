namespace GroupReduce.Core.Spec.Reading;

/// <summary>The words each enumerated spec key accepts (docs/spec.md lists the same).</summary>
internal static class SpecWords
{
    /// <summary><c>frequencies.source</c>.</summary>
    public static readonly WordTable<FrequencySource> FrequencySources = new(
        ("counts", FrequencySource.Counts), ("corpus", FrequencySource.Corpus), ("zipf", FrequencySource.Zipf), ("uniform", FrequencySource.Uniform));

    /// <summary><c>frequencies.padding</c>.</summary>
    public static readonly WordTable<PaddingPolicy> PaddingPolicies = new(
        ("smooth", PaddingPolicy.Smooth), ("error", PaddingPolicy.Error));

    /// <summary><c>frequencies.missing</c>.</summary>
    public static readonly WordTable<MissingCountPolicy> MissingCountPolicies = new(
        ("error", MissingCountPolicy.Error), ("smooth", MissingCountPolicy.Smooth));

    /// <summary><c>partition</c>.</summary>
    public static readonly WordTable<PartitionMode> PartitionModes = new(
        ("shared", PartitionMode.Shared), ("independent", PartitionMode.Independent), ("best", PartitionMode.Best));

    /// <summary><c>refinement.ranks</c>.</summary>
    public static readonly WordTable<RankUpdate> RankUpdates = new(
        ("fixed", RankUpdate.Fixed), ("rederive", RankUpdate.Rederive));

    /// <summary><c>method</c> and the items of <c>baselines</c>.</summary>
    public static readonly WordTable<CompressionMethod> Methods = new(
        ("groupreduce", CompressionMethod.GroupReduce),
        ("svd", CompressionMethod.Svd),
        ("weighted-svd", CompressionMethod.WeightedSvd),
        ("prune", CompressionMethod.Prune),
        ("quantize", CompressionMethod.Quantize));

    /// <summary><c>non_finite</c>.</summary>
    public static readonly WordTable<NonFinitePolicy> NonFinitePolicies = new(
        ("error", NonFinitePolicy.Error), ("zero", NonFinitePolicy.Zero));
}
