namespace GroupReduce.Runtime.Format;

/// <summary>What <see cref="ManifestReader"/> reads from an artifact: everything <see cref="CompressedModel"/> serves.</summary>
/// <param name="Matrices">The compressed matrices, each under its own name and the names of the tensors tied to it.</param>
/// <param name="Vocabulary">The tokens, when the original model carried them; else null.</param>
/// <param name="Method">The compression method.</param>
/// <param name="OriginalBytes">Bytes of the original matrices.</param>
/// <param name="CompressedBytes">Bytes of everything that replaces them.</param>
internal sealed record ManifestContents(
    Dictionary<string, CompressedMatrix> Matrices,
    TokenVocabulary? Vocabulary,
    string Method,
    long OriginalBytes,
    long CompressedBytes);
