namespace GroupReduce.Trainer.Corpus;

/// <summary>
/// Sentences as word ids for the recurrent family: each sentence of m words makes m + 1 predictions
/// (its words, then <c>&lt;eos&gt;</c>), from a fresh state fed <c>&lt;eos&gt;</c> first, exactly the
/// predictions <see cref="ExampleSet"/> lists for the nplm family.
/// </summary>
public sealed class SentenceSet
{
    private SentenceSet(int[][] sentences, long predictions)
    {
        Sentences = sentences;
        Predictions = predictions;
    }

    /// <summary>The sentences, words only (without <c>&lt;eos&gt;</c>).</summary>
    public IReadOnlyList<int[]> Sentences { get; }

    public int Count => Sentences.Count;

    /// <summary>Predictions: every word and one end of sentence per sentence.</summary>
    public long Predictions { get; }

    public static SentenceSet FromSentences(IEnumerable<string[]> sentences, Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var ids = new List<int[]>();
        long predictions = 0;
        foreach (string[] sentence in sentences)
        {
            ids.Add([.. sentence.Select(vocabulary.Id)]);
            predictions += sentence.Length + 1;
        }

        return new SentenceSet([.. ids], predictions);
    }
}
