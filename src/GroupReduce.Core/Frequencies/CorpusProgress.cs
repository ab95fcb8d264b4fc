namespace GroupReduce.Core.Frequencies;

/// <summary>How far counting a corpus has come: reported at most about every 100 ms, and once at the end of each pass.</summary>
/// <param name="Stage">The pass.</param>
/// <param name="BytesDone">Bytes of the corpus done in this pass.</param>
/// <param name="BytesTotal">Bytes of the whole corpus (every file).</param>
/// <param name="File">The file last worked on (full path).</param>
public readonly record struct CorpusProgress(CorpusCountStage Stage, long BytesDone, long BytesTotal, string File);
