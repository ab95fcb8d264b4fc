namespace GroupReduce.Abstractions.Solving;

/// <summary>How far a long solver call has come, e.g. rows streamed so far.</summary>
/// <param name="Stage">What is running (e.g. "gram", "score").</param>
/// <param name="Done">Units done.</param>
/// <param name="Total">Units in all.</param>
public readonly record struct SolverProgress(string Stage, long Done, long Total);
