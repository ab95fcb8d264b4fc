namespace GroupReduce.Core.Artifacts;

/// <summary>The vocabulary carried over from the input: token <c>i</c> is the UTF-8 bytes <c>[offsets[i], offsets[i+1])</c>.</summary>
/// <param name="Tokens">Number of tokens.</param>
/// <param name="Offsets">[tokens + 1] I64.</param>
/// <param name="Bytes">[total] U8.</param>
public sealed record ManifestVocabulary(long Tokens, string Offsets, string Bytes);
