using Microsoft.ML.Tokenizers;

namespace GroupReduce.Core.Tests.Frequencies;

/// <summary>
/// The Brown test and validation text counted a second way, once for the class: a tokenizer made here from the data
/// package (not the one <c>TokenizerFiles</c> loads), each line with its <c>\n</c> encoded whole, counts summed in order.
/// </summary>
public sealed class BrownGpt2Reference
{
    public BrownGpt2Reference()
    {
        Files = [Path.Combine(AppContext.BaseDirectory, "brown-lm", "test.txt"), Path.Combine(AppContext.BaseDirectory, "brown-lm", "valid.txt")];
        Tokenizer reference = TiktokenTokenizer.CreateForModel("gpt2");
        Counts = new long[50257];
        foreach (string file in Files)
        {
            string text = File.ReadAllText(file);
            int start = 0;
            while (start < text.Length)
            {
                int end = text.IndexOf('\n', start);
                string line = end < 0 ? text[start..] : text[start..(end + 1)];
                foreach (int id in reference.EncodeToIds(line))
                {
                    Counts[id]++;
                }

                Lines++;
                start += line.Length;
            }
        }
    }

    public string[] Files { get; }

    public long[] Counts { get; }

    public long Lines { get; }
}
