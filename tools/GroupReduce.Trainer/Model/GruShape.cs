namespace GroupReduce.Trainer.Model;

/// <summary>The dimensions of a gru model (docs/language-model.md): V words, d-wide embeddings, H hidden units in one GRU layer.</summary>
public sealed record GruShape(int Vocabulary, int Embedding, int Hidden)
{
    /// <summary>Rows of the stacked gate weights, 3H (reset, update, new, in PyTorch's order).</summary>
    public int Gates => 3 * Hidden;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Vocabulary, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(Embedding, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Hidden, 1);
    }
}
