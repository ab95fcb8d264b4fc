using System.Numerics.Tensors;
using GroupReduce.Core.Models;
using GroupReduce.Runtime;
using GroupReduce.Runtime.Kernels;

namespace GroupReduce.Core.Evaluation;

/// <summary>
/// A model of the repository's recurrent family (<c>gru</c>, docs/language-model.md), run exactly: one GRU
/// layer with PyTorch's equations and gate order (r, z, n) from a zero state per sentence, fed <c>&lt;eos&gt;</c>
/// and then the sentence's words, and a softmax over the vocabulary. Its perplexity can be measured with the
/// original matrices or with an artifact's compressed ones.
/// </summary>
public sealed class GruModel : FamilyModel
{
    // Sentences are scored in groups of at least this many predictions; each softmax row is read once per Batch positions.
    private const int GroupPredictions = 128;
    private const int Batch = 32;

    private readonly float[] _inputWeight;
    private readonly float[] _hiddenWeight;
    private readonly float[] _inputBias;
    private readonly float[] _hiddenBias;

    private GruModel(string path, FamilyParts parts, float[][] gru)
        : base(path, parts)
    {
        (_inputWeight, _hiddenWeight, _inputBias, _hiddenBias) = (gru[0], gru[1], gru[2], gru[3]);
    }

    /// <summary>Loads and validates a model of the family.</summary>
    /// <param name="file">The model file.</param>
    /// <returns>The model.</returns>
    public static GruModel Load(ModelFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        LanguageModels.Require(file, "gru");
        var reader = new FamilyFile(file, "gru");
        reader.RequireVersion1();
        FamilyParts parts = reader.ReadParts();
        int d = parts.Embedding.Columns;
        int h = parts.Softmax.Columns;
        float[][] gru =
        [
            reader.Values("gru.weight_ih", [3 * h, d]),
            reader.Values("gru.weight_hh", [3 * h, h]),
            reader.Values("gru.bias_ih", [3 * h]),
            reader.Values("gru.bias_hh", [3 * h]),
        ];
        return new GruModel(file.Path, parts, gru);
    }

    /// <inheritdoc />
    private protected override float[] SoftmaxInputs(TokenCorpus corpus, int threads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        int h = HiddenWidth;
        IReadOnlyList<int[]> sentences = corpus.Sentences;
        var first = new long[sentences.Count + 1];
        for (int s = 0; s < sentences.Count; s++)
        {
            first[s + 1] = first[s] + sentences[s].Length + 1;
        }

        var states = new float[checked(first[^1] * h)];
        Parallel.For(
            0,
            sentences.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken },
            () => new Buffers(EmbeddingWidth, h, 0),
            (s, _, buffers) =>
            {
                buffers.Reserve(sentences[s].Length + 1, h);
                int rows = Run(sentences[s], EmbeddingMatrix, buffers, 0);
                buffers.States.AsSpan(0, rows * h).CopyTo(states.AsSpan((int)(first[s] * h), rows * h));
                return buffers;
            },
            _ => { });
        return states;
    }

    /// <inheritdoc />
    private protected override double[] EmbeddingMetric()
    {
        // An embedding row enters only through W_ih x (all three gates): δ moves the gate inputs by W_ih δ.
        int d = EmbeddingWidth, rows = 3 * HiddenWidth;
        var metric = new double[d * d];
        for (int j = 0; j < rows; j++)
        {
            ReadOnlySpan<float> w = _inputWeight.AsSpan(j * d, d);
            for (int a = 0; a < d; a++)
            {
                for (int b = 0; b < d; b++)
                {
                    metric[(a * d) + b] += (double)w[a] * w[b];
                }
            }
        }

        return metric;
    }

    private protected override PerplexityResult Score(TokenCorpus corpus, IScoringMatrix embedding, IScoringMatrix softmax, int threads, PredictionCounter scored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(corpus);

        // Groups of whole sentences, each scored on any thread into its own slots of the loss array; the losses are
        // summed in position order afterwards, so the result does not depend on the thread count.
        IReadOnlyList<int[]> sentences = corpus.Sentences;
        var firstPrediction = new long[sentences.Count + 1];
        var groups = new List<int> { 0 };
        long inGroup = 0;
        for (int s = 0; s < sentences.Count; s++)
        {
            firstPrediction[s + 1] = firstPrediction[s] + sentences[s].Length + 1;
            inGroup += sentences[s].Length + 1;
            if (inGroup >= GroupPredictions || s + 1 == sentences.Count)
            {
                groups.Add(s + 1);
                inGroup = 0;
            }
        }

        long total = firstPrediction[^1];
        var losses = new double[total];
        int d = EmbeddingWidth, h = HiddenWidth, v = Vocabulary.Count;
        Parallel.For(
            0,
            groups.Count - 1,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken },
            () => new Buffers(d, h, v),
            (group, _, buffers) =>
            {
                int first = groups[group], end = groups[group + 1];
                int rows = (int)(firstPrediction[end] - firstPrediction[first]);
                buffers.Reserve(rows, h);
                int row = 0;
                for (int s = first; s < end; s++)
                {
                    row = Run(sentences[s], embedding, buffers, row);
                }

                for (int start = 0; start < rows; start += Batch)
                {
                    int count = Math.Min(Batch, rows - start);
                    softmax.MultiplyBatch(buffers.States.AsSpan(start * h, count * h), count, buffers.Logits);
                    for (int b = 0; b < count; b++)
                    {
                        Span<float> logits = buffers.Logits.AsSpan(b * v, v);
                        TensorPrimitives.Add(logits, SoftmaxBias, logits);
                        long position = firstPrediction[first] + start + b;
                        losses[position] = (double)Softmax.LogSumExp(logits) - logits[buffers.Targets[start + b]];
                    }
                }

                scored.Add(rows);
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

    // One sentence from a zero state: reads <eos> and then its words, and leaves each step's state and target
    // in the buffers from `row` on. Returns the row after the sentence's last.
    private int Run(int[] sentence, IScoringMatrix embedding, Buffers buffers, int row)
    {
        int d = EmbeddingWidth, h = HiddenWidth;
        Span<float> state = buffers.State;
        state.Clear();
        Span<float> x = buffers.Input;
        Span<float> fromInput = buffers.FromInput;
        Span<float> fromState = buffers.FromState;
        for (int t = 0; t <= sentence.Length; t++, row++)
        {
            embedding.GetRow(t == 0 ? EndOfSentenceId : sentence[t - 1], x);
            for (int j = 0; j < 3 * h; j++)
            {
                fromInput[j] = TensorPrimitives.Dot(_inputWeight.AsSpan(j * d, d), x) + _inputBias[j];
                fromState[j] = TensorPrimitives.Dot(_hiddenWeight.AsSpan(j * h, h), state) + _hiddenBias[j];
            }

            // r = σ(W_ir x + b_ir + W_hr h + b_hr), z likewise, n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)).
            Span<float> gates = buffers.Gates;
            TensorPrimitives.Add(fromInput[..(2 * h)], fromState[..(2 * h)], gates);
            TensorPrimitives.Sigmoid(gates, gates);
            Span<float> candidate = buffers.Candidate;
            TensorPrimitives.Multiply(gates[..h], fromState.Slice(2 * h, h), candidate);
            TensorPrimitives.Add(candidate, fromInput.Slice(2 * h, h), candidate);
            TensorPrimitives.Tanh(candidate, candidate);

            // h' = (1 − z) ⊙ n + z ⊙ h, computed as n + z ⊙ (h − n) as the trainer does.
            ReadOnlySpan<float> update = gates.Slice(h, h);
            for (int j = 0; j < h; j++)
            {
                state[j] = candidate[j] + (update[j] * (state[j] - candidate[j]));
            }

            state.CopyTo(buffers.States.AsSpan(row * h, h));
            buffers.Targets[row] = t < sentence.Length ? sentence[t] : EndOfSentenceId;
        }

        return row;
    }

    private sealed class Buffers(int d, int h, int v)
    {
        public float[] Input { get; } = new float[d];

        public float[] State { get; } = new float[h];

        public float[] FromInput { get; } = new float[3 * h];

        public float[] FromState { get; } = new float[3 * h];

        public float[] Gates { get; } = new float[2 * h];

        public float[] Candidate { get; } = new float[h];

        public float[] Logits { get; } = new float[Batch * v];

        public float[] States { get; private set; } = [];

        public int[] Targets { get; private set; } = [];

        public void Reserve(int rows, int width)
        {
            if (Targets.Length < rows)
            {
                States = new float[rows * width];
                Targets = new int[rows];
            }
        }
    }
}
