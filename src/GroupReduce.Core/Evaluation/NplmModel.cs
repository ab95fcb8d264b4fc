using System.Globalization;
using System.Numerics.Tensors;
using GroupReduce.Abstractions;
using GroupReduce.Core.Models;
using GroupReduce.Runtime;
using GroupReduce.Runtime.Kernels;

namespace GroupReduce.Core.Evaluation;

/// <summary>
/// A model of the repository's own language model family (<c>nplm</c>, docs/language-model.md), run
/// exactly: the previous words' embeddings, one tanh hidden layer, a softmax over the vocabulary. Its
/// perplexity can be measured with the original matrices or with an artifact's compressed ones.
/// </summary>
public sealed class NplmModel : FamilyModel
{
    // Positions scored together: each softmax row is read once per batch.
    private const int Batch = 32;

    private readonly float[] _hiddenWeight;
    private readonly float[] _hiddenBias;

    private NplmModel(string path, int context, FamilyParts parts, float[] hiddenWeight, float[] hiddenBias)
        : base(path, parts)
    {
        Context = context;
        _hiddenWeight = hiddenWeight;
        _hiddenBias = hiddenBias;
    }

    /// <summary>Previous words the model looks at.</summary>
    public int Context { get; }

    /// <summary>Whether a model file declares itself as this family.</summary>
    /// <param name="file">The model.</param>
    /// <returns>True for <c>groupreduce.lm.family: nplm</c>.</returns>
    public static bool IsNplm(ModelFile file) => file.Metadata.TryGetValue(LanguageModels.FamilyKey, out string? family) && family == "nplm";

    /// <summary>Loads and validates a model of the family.</summary>
    /// <param name="file">The model file.</param>
    /// <returns>The model.</returns>
    public static NplmModel Load(ModelFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        LanguageModels.Require(file, "nplm");
        var reader = new FamilyFile(file, "nplm");
        reader.RequireVersion1();
        if (!int.TryParse(reader.Metadata("groupreduce.lm.context"), NumberStyles.None, CultureInfo.InvariantCulture, out int context) || context is < 1 or > 8)
        {
            throw reader.Invalid($"has context '{file.Metadata["groupreduce.lm.context"]}'; it must be a whole number from 1 to 8");
        }

        FamilyParts parts = reader.ReadParts();
        int d = parts.Embedding.Columns;
        int h = parts.Softmax.Columns;
        float[] hiddenWeight = reader.Values("hidden.weight", [h, context * d]);
        float[] hiddenBias = reader.Values("hidden.bias", [h]);
        return new NplmModel(file.Path, context, parts, hiddenWeight, hiddenBias);
    }

    /// <inheritdoc />
    private protected override float[] SoftmaxInputs(TokenCorpus corpus, int threads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        (int[] contexts, _) = Predictions(corpus);
        int h = HiddenWidth;
        long total = corpus.Predictions;
        var states = new float[checked(total * h)];
        int batches = (int)((total + Batch - 1) / Batch);
        Parallel.For(
            0,
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken },
            () => new float[Context * EmbeddingWidth],
            (batch, _, input) =>
            {
                int first = batch * Batch;
                int count = (int)Math.Min(Batch, total - first);
                for (int b = 0; b < count; b++)
                {
                    Hidden(EmbeddingMatrix, contexts.AsSpan((first + b) * Context, Context), input, states.AsSpan((first + b) * h, h));
                }

                return input;
            },
            _ => { });
        return states;
    }

    /// <inheritdoc />
    private protected override double[] EmbeddingMetric()
    {
        // x = [E[w₁]; …; E[wₙ]] and the pre-activation is W x: an error δ in a row moves it by W_k δ at each position k
        // where the word stands, so the positions' blocks are summed: Σ_k W_kᵀ W_k.
        int d = EmbeddingWidth, h = HiddenWidth, width = Context * d;
        var metric = new double[d * d];
        for (int k = 0; k < Context; k++)
        {
            for (int j = 0; j < h; j++)
            {
                ReadOnlySpan<float> block = _hiddenWeight.AsSpan((j * width) + (k * d), d);
                for (int a = 0; a < d; a++)
                {
                    for (int b = 0; b < d; b++)
                    {
                        metric[(a * d) + b] += (double)block[a] * block[b];
                    }
                }
            }
        }

        return metric;
    }

    /// <summary>Every prediction's context (most recent word first, <c>&lt;eos&gt;</c> before a sentence) and target, flattened.</summary>
    private (int[] Contexts, int[] Targets) Predictions(TokenCorpus corpus)
    {
        long total = corpus.Predictions;
        var contexts = new int[checked(total * Context)];
        var targets = new int[total];
        long p = 0;
        foreach (int[] sentence in corpus.Sentences)
        {
            for (int t = 0; t <= sentence.Length; t++, p++)
            {
                targets[p] = t < sentence.Length ? sentence[t] : EndOfSentenceId;
                for (int k = 1; k <= Context; k++)
                {
                    contexts[(p * Context) + k - 1] = t - k >= 0 ? sentence[t - k] : EndOfSentenceId;
                }
            }
        }

        return (contexts, targets);
    }

    /// <summary><c>h = tanh(W x + b)</c> for one prediction's context.</summary>
    private void Hidden(IScoringMatrix embedding, ReadOnlySpan<int> context, Span<float> input, Span<float> hidden)
    {
        int d = EmbeddingWidth;
        for (int k = 0; k < Context; k++)
        {
            embedding.GetRow(context[k], input.Slice(k * d, d));
        }

        for (int j = 0; j < hidden.Length; j++)
        {
            hidden[j] = TensorPrimitives.Dot(_hiddenWeight.AsSpan(j * Context * d, Context * d), input) + _hiddenBias[j];
        }

        TensorPrimitives.Tanh(hidden, hidden);
    }

    private protected override PerplexityResult Score(TokenCorpus corpus, IScoringMatrix embedding, IScoringMatrix softmax, int threads, PredictionCounter scored, CancellationToken cancellationToken)
    {
        // Every prediction's context and target, flattened so batches can be scored on any thread;
        // the log-likelihoods are summed in position order afterwards, so the result is deterministic.
        long total = corpus.Predictions;
        (int[] contexts, int[] targets) = Predictions(corpus);

        var losses = new double[total];
        int batches = (int)((total + Batch - 1) / Batch);
        int d = EmbeddingWidth;
        int h = HiddenWidth;
        int v = Vocabulary.Count;
        Parallel.For(
            0,
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken },
            () => (Input: new float[Context * d], Hidden: new float[Batch * h], Logits: new float[Batch * v]),
            (batch, _, buffers) =>
            {
                int first = batch * Batch;
                int count = (int)Math.Min(Batch, total - first);
                for (int b = 0; b < count; b++)
                {
                    Hidden(embedding, contexts.AsSpan((first + b) * Context, Context), buffers.Input, buffers.Hidden.AsSpan(b * h, h));
                }

                softmax.MultiplyBatch(buffers.Hidden.AsSpan(0, count * h), count, buffers.Logits);
                for (int b = 0; b < count; b++)
                {
                    Span<float> logits = buffers.Logits.AsSpan(b * v, v);
                    TensorPrimitives.Add(logits, SoftmaxBias, logits);
                    losses[first + b] = (double)Softmax.LogSumExp(logits) - logits[targets[first + b]];
                }

                scored.Add(count);
                return buffers;
            },
            _ => { });

        double sum = 0;
        foreach (double loss in losses)
        {
            sum += loss;
        }

        return new PerplexityResult(total, sum);
    }
}
