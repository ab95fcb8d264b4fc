using System.Text;

namespace GroupReduce.Trainer.Corpus;

/// <summary>
/// The token-file format of docs/language-model.md: UTF-8, one sentence per line, tokens separated by white
/// space (runs count as one), empty lines skipped. The trainer measures held-out perplexity on the files it
/// writes, read back this way, so its figures are those <c>groupreduce eval</c> computes on them.
/// </summary>
public static class TokenFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    public static IReadOnlyList<string[]> Read(string path)
    {
        var sentences = new List<string[]>();
        foreach (string line in File.ReadLines(path, Encoding.UTF8))
        {
            string[] tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length > 0)
            {
                sentences.Add(tokens);
            }
        }

        return sentences;
    }

    public static void Write(string path, IEnumerable<string[]> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        using var writer = new StreamWriter(path, false, Utf8NoBom) { NewLine = "\n" };
        foreach (string[] sentence in sentences)
        {
            writer.WriteLine(string.Join(' ', sentence));
        }
    }
}
