namespace GroupReduce.Bench;

/// <summary>One refinement round from a CLI report (<c>partitions[].refinement[]</c>); a field the CLI did not write is null.</summary>
internal sealed record CliRound(int Iteration, long? MovedRows, long? RowsScored, double? Objective, double? RelativeObjective, string? Outcome, double? Seconds);
