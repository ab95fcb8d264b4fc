namespace GroupReduce.Core.Frequencies;

/// <summary>What <see cref="CountsTsv.Write"/> wrote and what it had to leave out.</summary>
/// <param name="Lines">Lines written.</param>
/// <param name="Skipped">Ids left out because a <c>token&lt;TAB&gt;count</c> line cannot hold their token (a CR or LF in it, an unused id, a spelling an earlier id has).</param>
/// <param name="SkippedOccurrences">How often the left-out ids occur in the corpus.</param>
/// <param name="SkippedExamples">Up to five left-out ids.</param>
public sealed record CountsTsvResult(int Lines, int Skipped, long SkippedOccurrences, IReadOnlyList<int> SkippedExamples);
