namespace GroupReduce.Trainer.Corpus;

/// <summary>One corpus document: its file name (which fixes its place in the split) and its sentences as normalised words.</summary>
public sealed record CorpusDocument(string Name, IReadOnlyList<string[]> Sentences);
