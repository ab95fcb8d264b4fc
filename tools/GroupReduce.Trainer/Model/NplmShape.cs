namespace GroupReduce.Trainer.Model;

/// <summary>The dimensions of an nplm model (docs/language-model.md): V words, n context words, d-wide embeddings, H hidden units.</summary>
public sealed record NplmShape(int Vocabulary, int Context, int Embedding, int Hidden)
{
    /// <summary>The width of the concatenated context, n·d.</summary>
    public int Input => Context * Embedding;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Vocabulary, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(Context, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Context, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(Embedding, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Hidden, 1);
    }
}
