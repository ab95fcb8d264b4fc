namespace GroupReduce.Trainer.Corpus;

/// <summary>
/// Train, validation and test sentences, split by whole documents so no held-out sentence shares a
/// document (and its names and topics) with training text.
/// </summary>
public sealed record CorpusSplit(IReadOnlyList<string[]> Train, IReadOnlyList<string[]> Valid, IReadOnlyList<string[]> Test)
{
    /// <summary>
    /// Documents in ordinal name order; of every ten, the ninth goes to validation, the tenth to test and
    /// the rest to training (80/10/10). Brown's names run category by category, so each category is split
    /// the same way.
    /// </summary>
    public static CorpusSplit ByDocument(IReadOnlyList<CorpusDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var train = new List<string[]>();
        var valid = new List<string[]>();
        var test = new List<string[]>();
        CorpusDocument[] ordered = [.. documents.OrderBy(d => d.Name, StringComparer.Ordinal)];
        for (int i = 0; i < ordered.Length; i++)
        {
            List<string[]> part = (i % 10) switch
            {
                8 => valid,
                9 => test,
                _ => train,
            };
            part.AddRange(ordered[i].Sentences);
        }

        return new CorpusSplit(train, valid, test);
    }
}
