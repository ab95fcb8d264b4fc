using System.Globalization;
using System.Text;
using GroupReduce.Trainer.Corpus;

namespace GroupReduce.Trainer.Output;

/// <summary>Writes <c>token&lt;TAB&gt;train count</c> for every vocabulary token in row order: the counts file a compression spec names.</summary>
public static class CountsFile
{
    public static void Write(string path, Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
        for (int i = 0; i < vocabulary.Count; i++)
        {
            writer.WriteLine($"{vocabulary.Tokens[i]}\t{vocabulary.Counts[i].ToString(CultureInfo.InvariantCulture)}");
        }
    }
}
