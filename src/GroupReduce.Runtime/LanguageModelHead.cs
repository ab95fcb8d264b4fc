using System.Numerics.Tensors;
using GroupReduce.Runtime.Kernels;

namespace GroupReduce.Runtime;

/// <summary>
/// The vocabulary end of a language model, straight from a compressed artifact: the input embedding
/// (<see cref="Embed"/>) and the output softmax with its bias (<see cref="Logits"/>, <see cref="TopK(ReadOnlySpan{float}, int)"/>).
/// Get one from <see cref="CompressedModel.Head"/>.
/// </summary>
/// <remarks>
/// Logits are computed through the block low-rank form, <c>z_i = u_{g,k} · (V_gᵀ h) + c_i</c>, so their cost falls with
/// the compression rate; factors stored as 8- or 4-bit integers are multiplied in integers against the hidden state
/// rounded to int8 (<see cref="QuantizedProducts"/>), other quantized factors decoded a few rows at a time, never expanded whole. Every method is
/// span-based and allocation-free except the <see cref="TopK(ReadOnlySpan{float}, int)"/> overload that returns an array,
/// and the head holds no mutable state: any number of threads may use one head at once. It reads the artifact's
/// mapping, so it is valid only while its <see cref="CompressedModel"/> is open.
/// </remarks>
public sealed class LanguageModelHead
{
    private readonly CompressedModel _model;
    private readonly CompressedMatrix? _embedding;
    private readonly float[]? _bias;

    internal LanguageModelHead(CompressedModel model, CompressedMatrix? embedding, CompressedMatrix softmax, string? biasName, float[]? bias, QuantizedProducts products)
    {
        Products = products;
        _model = model;
        _embedding = embedding;
        Softmax = softmax;
        BiasName = biasName;
        _bias = bias;
    }

    /// <summary>The compressed input embedding (V x d), or null when the head has none (an output-only head).</summary>
    public CompressedMatrix? Embedding => _embedding;

    /// <summary>The compressed output softmax (V x H).</summary>
    public CompressedMatrix Softmax { get; }

    /// <summary>The passed-through tensor added to the logits (e.g. <c>softmax.bias</c>), or null when there is no bias.</summary>
    public string? BiasName { get; }

    /// <summary>How <see cref="Logits"/> multiplies rows stored as 8- or 4-bit integers (chosen at <see cref="CompressedModel.Head"/>).</summary>
    public QuantizedProducts Products { get; }

    /// <summary>The vocabulary size V: the number of logits.</summary>
    public int VocabularySize => Softmax.Rows;

    /// <summary>The embedding width d (0 without an embedding).</summary>
    public int EmbeddingWidth => _embedding?.Columns ?? 0;

    /// <summary>The hidden width H: the length of the hidden state <see cref="Logits"/> takes.</summary>
    public int HiddenWidth => Softmax.Columns;

    /// <summary>The tokens, when the artifact carries them; else null.</summary>
    public TokenVocabulary? Vocabulary => _model.Vocabulary;

    /// <summary>Writes the embedding of one token: its reconstructed row of the compressed embedding.</summary>
    /// <param name="id">The token id, from 0 to <see cref="VocabularySize"/> − 1.</param>
    /// <param name="destination">At least <see cref="EmbeddingWidth"/> values; the first <see cref="EmbeddingWidth"/> receive the row.</param>
    /// <exception cref="InvalidOperationException">The head has no embedding.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is not a token id.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public void Embed(int id, Span<float> destination)
    {
        CompressedMatrix embedding = _embedding ?? throw new InvalidOperationException($"This head of '{System.IO.Path.GetFileName(_model.Path)}' has no input embedding; pass its name to CompressedModel.Head(embedding: …).");
        ThrowIfClosed();
        if ((uint)id >= (uint)embedding.Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Token ids run from 0 to {embedding.Rows - 1}.");
        }

        if (destination.Length < embedding.Columns)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; an embedding has {embedding.Columns}.", nameof(destination));
        }

        embedding.GetRow(id, destination);
    }

    /// <summary>The logits of a hidden state over the whole vocabulary: <c>z = S h + c</c>, with <c>S</c> in its compressed form.</summary>
    /// <param name="hidden">The hidden state, exactly <see cref="HiddenWidth"/> values.</param>
    /// <param name="logits">At least <see cref="VocabularySize"/> values; the first <see cref="VocabularySize"/> receive the logits.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Logits(ReadOnlySpan<float> hidden, Span<float> logits)
    {
        CheckHidden(hidden);
        if (logits.Length < VocabularySize)
        {
            throw new ArgumentException($"The logits span holds {logits.Length} values; the vocabulary has {VocabularySize} tokens.", nameof(logits));
        }

        ThrowIfClosed();
        Span<float> z = logits[..VocabularySize];
        Softmax.Multiply(hidden, z, Products);
        if (_bias is not null)
        {
            TensorPrimitives.Add(z, _bias, z);
        }
    }

    /// <summary>The <paramref name="k"/> most likely next tokens, best first (ties to the lower id).</summary>
    /// <param name="hidden">The hidden state, exactly <see cref="HiddenWidth"/> values.</param>
    /// <param name="k">How many; at least 1 (fewer come back when the vocabulary is smaller).</param>
    /// <returns>The tokens with their logits and log-probabilities.</returns>
    /// <remarks>Allocates the result and a logits buffer; use <see cref="TopK(ReadOnlySpan{float}, Span{float}, Span{TokenPrediction})"/> on a hot path.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="hidden"/> has the wrong length.</exception>
    public TokenPrediction[] TopK(ReadOnlySpan<float> hidden, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        CheckHidden(hidden);
        var best = new TokenPrediction[Math.Min(k, VocabularySize)];
        TopK(hidden, new float[VocabularySize], best);
        return best;
    }

    /// <summary>
    /// The most likely next tokens, best first (ties to the lower id), without allocating: as many as
    /// <paramref name="best"/> holds.
    /// </summary>
    /// <param name="hidden">The hidden state, exactly <see cref="HiddenWidth"/> values.</param>
    /// <param name="logits">Workspace of at least <see cref="VocabularySize"/> values; receives the logits, as <see cref="Logits"/> would.</param>
    /// <param name="best">Receives the tokens with their logits and log-probabilities; its length is k.</param>
    /// <returns>How many were written: <c>min(best.Length, </c><see cref="VocabularySize"/><c>)</c>.</returns>
    /// <exception cref="ArgumentException">A span has the wrong length, or <paramref name="best"/> is empty.</exception>
    public int TopK(ReadOnlySpan<float> hidden, Span<float> logits, Span<TokenPrediction> best)
    {
        if (best.IsEmpty)
        {
            throw new ArgumentException("The span for the best tokens is empty; it must hold k ≥ 1 entries.", nameof(best));
        }

        Logits(hidden, logits);
        ReadOnlySpan<float> z = logits[..VocabularySize];
        int count = TopKSelector.Select(z, best);
        float normaliser = Kernels.Softmax.LogSumExp(z);
        for (int i = 0; i < count; i++)
        {
            best[i] = best[i] with { LogProbability = best[i].Logit - normaliser };
        }

        return count;
    }

    /// <summary>Log-probabilities of every token: <c>log softmax(z)</c>, in place.</summary>
    /// <param name="logits">The logits from <see cref="Logits"/>, at least <see cref="VocabularySize"/> values; the first <see cref="VocabularySize"/> become log-probabilities.</param>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is too short.</exception>
    public void LogSoftmax(Span<float> logits)
    {
        if (logits.Length < VocabularySize)
        {
            throw new ArgumentException($"The logits span holds {logits.Length} values; the vocabulary has {VocabularySize} tokens.", nameof(logits));
        }

        Kernels.Softmax.ToLogProbabilities(logits[..VocabularySize]);
    }

    private void CheckHidden(ReadOnlySpan<float> hidden)
    {
        if (hidden.Length != HiddenWidth)
        {
            throw new ArgumentException($"The hidden state has {hidden.Length} values; '{Softmax.Name}' takes {HiddenWidth}.", nameof(hidden));
        }
    }

    // The factors live in the artifact's mapping: reading them after Dispose would touch unmapped memory.
    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(_model.IsDisposed, _model);
}
