namespace GroupReduce.SampleGenerator;

/// <summary>
/// A synthetic stand-in for a trained LM's vocabulary matrices with the structure GroupReduce exploits:
/// Zipf-distributed word counts, rows drawn from a few shared topic subspaces plus word-specific noise,
/// and frequent words more distinct (more energy outside the shared subspaces) than rare ones.
/// </summary>
internal sealed class TinyLanguageModel
{
    public required int Vocabulary { get; init; }

    public required int Width { get; init; }

    public required string[] Tokens { get; init; }

    public required long[] Counts { get; init; }

    public required float[] Embedding { get; init; }

    public required float[] Softmax { get; init; }

    public required float[] Bias { get; init; }

    public required float[] InputWeights { get; init; }

    public required float[] RecurrentWeights { get; init; }

    public static TinyLanguageModel Generate(int seed, int vocabulary = 2000, int width = 64, int topics = 8, int topicRank = 6)
    {
        var random = new Random(seed);
        string[] tokens = Enumerable.Range(0, vocabulary).Select(Token).ToArray();
        long[] counts = Enumerable.Range(0, vocabulary).Select(i => (long)Math.Round(2_000_000 / Math.Pow(i + 1, 1.07)) + 1).ToArray();
        float[][] embeddingTopics = Enumerable.Range(0, topics).Select(_ => Gaussian(random, topicRank * width, 1.0 / Math.Sqrt(width))).ToArray();
        float[][] softmaxTopics = Enumerable.Range(0, topics).Select(_ => Gaussian(random, topicRank * width, 1.0 / Math.Sqrt(width))).ToArray();
        var embedding = new float[vocabulary * width];
        var softmax = new float[vocabulary * width];
        var bias = new float[vocabulary];
        for (int i = 0; i < vocabulary; i++)
        {
            int topic = random.Next(topics);

            // Frequent words carry more word-specific detail; rare words sit close to their topic.
            double detail = 0.15 + (0.6 / Math.Sqrt(1 + (i / 50.0)));
            FillRow(random, embedding.AsSpan(i * width, width), embeddingTopics[topic], topicRank, detail);
            FillRow(random, softmax.AsSpan(i * width, width), softmaxTopics[topic], topicRank, detail);
            bias[i] = (float)Math.Log(counts[i] / (double)counts[0]);
        }

        return new TinyLanguageModel
        {
            Vocabulary = vocabulary,
            Width = width,
            Tokens = tokens,
            Counts = counts,
            Embedding = embedding,
            Softmax = softmax,
            Bias = bias,
            InputWeights = Gaussian(random, 4 * width * width, 1.0 / Math.Sqrt(width)),
            RecurrentWeights = Gaussian(random, 4 * width * width, 1.0 / Math.Sqrt(width)),
        };
    }

    private static void FillRow(Random random, Span<float> row, float[] basis, int rank, double detail)
    {
        int width = row.Length;
        for (int k = 0; k < rank; k++)
        {
            double coefficient = NextGaussian(random);
            for (int j = 0; j < width; j++)
            {
                row[j] += (float)(coefficient * basis[(k * width) + j]);
            }
        }

        for (int j = 0; j < width; j++)
        {
            row[j] += (float)(detail * NextGaussian(random) / Math.Sqrt(width));
        }
    }

    private static float[] Gaussian(Random random, int count, double scale)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(scale * NextGaussian(random));
        }

        return values;
    }

    private static double NextGaussian(Random random)
    {
        double u = 1.0 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }

    // Pronounceable, unique, deterministic pseudo-words, so the counts file reads like a real one.
    private static string Token(int index)
    {
        string[] syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "ve", "so", "pi", "du", "ge", "ba", "fo", "zu", "hi", "we"];
        var token = new System.Text.StringBuilder();
        int n = index;
        do
        {
            token.Append(syllables[n % syllables.Length]);
            n /= syllables.Length;
        }
        while (n > 0);
        return token.ToString();
    }
}
