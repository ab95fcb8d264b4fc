namespace GroupReduce.Bench;

/// <summary>One partition's refinement from a CLI report (<c>partitions[]</c>): its objective before the rounds, then each round.</summary>
internal sealed record CliPartition(string Name, double? InitialObjective, IReadOnlyList<CliRound> Rounds);
