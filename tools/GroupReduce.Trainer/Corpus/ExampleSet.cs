namespace GroupReduce.Trainer.Corpus;

/// <summary>
/// The predictions docs/language-model.md defines for a list of sentences: each sentence predicts its words
/// and then <c>&lt;eos&gt;</c>, from the previous n words, most recent first, with <c>&lt;eos&gt;</c> standing in
/// before the sentence's start. Contexts are stored n ids per example.
/// </summary>
public sealed class ExampleSet
{
    private ExampleSet(int context, int[] contexts, int[] targets)
    {
        Context = context;
        Contexts = contexts;
        Targets = targets;
    }

    public int Context { get; }

    public int[] Contexts { get; }

    public int[] Targets { get; }

    public int Count => Targets.Length;

    public static ExampleSet FromSentences(IEnumerable<string[]> sentences, Vocabulary vocabulary, int context)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfLessThan(context, 1);
        var contexts = new List<int>();
        var targets = new List<int>();
        var history = new List<int>();
        foreach (string[] sentence in sentences)
        {
            history.Clear();
            for (int t = 0; t <= sentence.Length; t++)
            {
                for (int back = 1; back <= context; back++)
                {
                    int position = history.Count - back;
                    contexts.Add(position >= 0 ? history[position] : vocabulary.End);
                }

                int target = t < sentence.Length ? vocabulary.Id(sentence[t]) : vocabulary.End;
                targets.Add(target);
                history.Add(target);
            }
        }

        return new ExampleSet(context, [.. contexts], [.. targets]);
    }

    public ReadOnlySpan<int> ContextsOf(int start, int count) => Contexts.AsSpan(start * Context, count * Context);

    public ReadOnlySpan<int> TargetsOf(int start, int count) => Targets.AsSpan(start, count);
}
