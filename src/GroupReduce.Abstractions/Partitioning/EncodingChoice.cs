namespace GroupReduce.Abstractions.Partitioning;

/// <summary>
/// One encoding a partitioner may store a group with when the spec says <c>quantizer: auto</c>: its name for the
/// report and its exact cost. A group's choice is <see cref="GroupRank.Encoding"/>, an index into
/// <see cref="RankAllocationRequest.Encodings"/>.
/// </summary>
/// <remarks>Added in contract 1.3.</remarks>
public sealed class EncodingChoice
{
    /// <summary>Creates the choice.</summary>
    /// <param name="name">How the report names it, e.g. <c>int8</c> or <c>f16</c>.</param>
    /// <param name="cost">The exact cost of a factor tensor stored with it, in the request's <see cref="RankAllocationRequest.Unit"/>.</param>
    public EncodingChoice(string name, IStorageCost cost)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Cost = cost ?? throw new ArgumentNullException(nameof(cost));
    }

    /// <summary>How the report names the encoding.</summary>
    public string Name { get; }

    /// <summary>The exact cost of a factor tensor stored with this encoding.</summary>
    public IStorageCost Cost { get; }
}
