namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// The vocabulary an ONNX model carries in its <c>metadata_props</c>: the tokens in row order, each followed by a line
/// feed, under <see cref="MetadataKey"/> (what tools/GroupReduce.OnnxExport writes; docs/input-formats.md).
/// </summary>
public static class OnnxVocabulary
{
    /// <summary>The <c>metadata_props</c> key.</summary>
    public const string MetadataKey = "groupreduce.vocab";

    /// <summary>The tokens of the key's value: one per line feed (a last line without one counts too).</summary>
    /// <param name="text">The value.</param>
    /// <returns>The tokens, or null when the value is empty.</returns>
    public static IReadOnlyList<string>? Parse(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        string[] tokens = text.Split('\n');
        return text.EndsWith('\n') ? tokens[..^1] : tokens;
    }
}
