using System.Numerics.Tensors;
using GroupReduce.Trainer.Numerics;

namespace GroupReduce.Trainer.Model;

/// <summary>
/// The gru family's forward computation (docs/language-model.md) for a batch of whole sentences, and its
/// gradient by backpropagation through time. Each sentence starts from a zero state, reads <c>&lt;eos&gt;</c>
/// and then its words, and predicts its words and then <c>&lt;eos&gt;</c>. PyTorch's GRU:
/// <code>
/// r = σ(W_ir x + b_ir + W_hr h + b_hr)
/// z = σ(W_iz x + b_iz + W_hz h + b_hz)
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
/// h' = (1 − z) ⊙ n + z ⊙ h
/// </code>
/// Sentences are ordered longest first, so the sentences still running at step t are a prefix of the batch
/// and the rows of every step are packed back to back (time-major). The input products of all steps, the
/// softmax and the weight gradients are then each one large product; only <c>W_hh h</c> runs step by step.
/// Every sum runs in a fixed order, so the result does not depend on the number of threads.
/// </summary>
public sealed class GruComputation
{
    private const int SoftmaxChunk = 512;

    private readonly GruShape shape;
    private readonly ParallelOptions parallel;
    private readonly ParallelOptions serial = new() { MaxDegreeOfParallelism = 1 };
    private readonly SoftmaxLayer output;
    private readonly float[] inputWeightT;   // W_ihᵀ [d, 3H]
    private readonly float[] hiddenWeightT;  // W_hhᵀ [H, 3H]
    private readonly float[] chunkHidden;    // softmax inputs [C, H]
    private readonly float[] chunkGradient;  // their gradient [C, H]
    private int[] order = [];
    private int[] steps = [];                // rows active at each step
    private int[] inputs = [];               // word read at each packed row
    private int[] targets = [];              // word predicted at each packed row
    private float[] x = [];                  // E[input] [N, d]
    private float[] gi = [];                 // W_ih x + b_ih [N, 3H]
    private float[] ghn = [];                // W_hn h + b_hn [N, H]
    private float[] gates = [];              // r, z, n [N, 3H]
    private float[] previous = [];           // h_{t−1} [N, H]
    private float[] states = [];             // h_t [N, H]
    private float[] stateGradient = [];      // ∂L/∂h_t from the softmax [N, H]
    private float[] giGradient = [];         // ∂L/∂(W_ih x + b_ih) [N, 3H]
    private float[] ghGradient = [];         // ∂L/∂(W_hh h + b_hh) [N, 3H]
    private float[] xGradient = [];          // ∂L/∂x [N, d]
    private float[] step = [];               // one step's h, then its carried gradient [B, H]
    private float[] stepGates = [];          // one step's W_hh h + b_hh, then its gradient [B, 3H]
    private int rows;

    /// <param name="endOfSentence">The row of <c>&lt;eos&gt;</c>, which starts and ends every sentence.</param>
    public GruComputation(GruShape shape, int endOfSentence, ParallelOptions parallel)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(parallel);
        shape.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(endOfSentence);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(endOfSentence, shape.Vocabulary);
        this.shape = shape;
        EndOfSentence = endOfSentence;
        this.parallel = parallel;
        output = new SoftmaxLayer(shape.Vocabulary, shape.Hidden, SoftmaxChunk, parallel);
        inputWeightT = new float[shape.Embedding * shape.Gates];
        hiddenWeightT = new float[shape.Hidden * shape.Gates];
        chunkHidden = new float[SoftmaxChunk * shape.Hidden];
        chunkGradient = new float[SoftmaxChunk * shape.Hidden];
    }

    /// <summary>The row of <c>&lt;eos&gt;</c>.</summary>
    public int EndOfSentence { get; }

    /// <summary>Σ log p(target) over every prediction of the sentences (natural log), without gradients.</summary>
    public double LogProbability(GruWeights weights, IReadOnlyList<int[]> batch)
    {
        Forward(weights, batch);
        double total = 0;
        for (int start = 0; start < rows; start += SoftmaxChunk)
        {
            int count = Math.Min(SoftmaxChunk, rows - start);
            states.AsSpan(start * shape.Hidden, count * shape.Hidden).CopyTo(chunkHidden);
            total += output.LogProbability(weights.SoftmaxWeight, weights.SoftmaxBias, chunkHidden, targets.AsSpan(start, count), count);
        }

        return total;
    }

    /// <summary>
    /// The mean negative log-likelihood over every prediction of the sentences, and its gradient with respect to
    /// every weight written into <paramref name="gradients"/> (overwritten, not accumulated).
    /// </summary>
    public double LossAndGradient(GruWeights weights, IReadOnlyList<int[]> batch, GruWeights gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Shape != shape)
        {
            throw new ArgumentException("The gradient shape differs from the model's.", nameof(gradients));
        }

        Forward(weights, batch);
        int h = shape.Hidden;
        double total = 0;
        for (int start = 0; start < rows; start += SoftmaxChunk)
        {
            int count = Math.Min(SoftmaxChunk, rows - start);
            states.AsSpan(start * h, count * h).CopyTo(chunkHidden);
            total += output.LogProbability(weights.SoftmaxWeight, weights.SoftmaxBias, chunkHidden, targets.AsSpan(start, count), count);
            output.Backward(weights.SoftmaxWeight, chunkHidden, targets.AsSpan(start, count), count, rows, gradients.SoftmaxWeight, gradients.SoftmaxBias, chunkGradient, accumulate: start > 0);
            chunkGradient.AsSpan(0, count * h).CopyTo(stateGradient.AsSpan(start * h));
        }

        Backward(weights, gradients);
        return -total / rows;
    }

    private void Forward(GruWeights weights, IReadOnlyList<int[]> batch)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(batch);
        if (weights.Shape != shape)
        {
            throw new ArgumentException("The model shape differs from the computation's.", nameof(weights));
        }

        Pack(batch);
        int d = shape.Embedding, h = shape.Hidden, g = shape.Gates;
        for (int row = 0; row < rows; row++)
        {
            weights.Embedding.AsSpan(inputs[row] * d, d).CopyTo(x.AsSpan(row * d, d));
        }

        SoftmaxLayer.Transpose(weights.InputWeight, g, d, inputWeightT);
        SoftmaxLayer.Transpose(weights.HiddenWeight, g, h, hiddenWeightT);
        Gemm.Multiply(rows, g, d, x, d, false, inputWeightT, g, gi, g, false, parallel);
        for (int row = 0; row < rows; row++)
        {
            Span<float> r = gi.AsSpan(row * g, g);
            TensorPrimitives.Add(r, weights.InputBias, r);
        }

        Array.Clear(step);
        int offset = 0;
        for (int t = 0; t < steps.Length; t++)
        {
            int active = steps[t];
            step.AsSpan(0, active * h).CopyTo(previous.AsSpan(offset * h));
            // The step products are small and there are many of them: on one thread, so a busy machine does not
            // make every step wait for a second one (Gemm's result does not depend on the thread count).
            Gemm.Multiply(active, g, h, step, h, false, hiddenWeightT, g, stepGates, g, false, serial);
            for (int i = 0; i < active; i++)
            {
                int row = offset + i;
                Span<float> hidden = stepGates.AsSpan(i * g, g);
                TensorPrimitives.Add(hidden, weights.HiddenBias, hidden);
                Span<float> input = gi.AsSpan(row * g, g);
                Span<float> gate = gates.AsSpan(row * g, g);
                Span<float> reset = gate[..h], update = gate.Slice(h, h), candidate = gate.Slice(2 * h, h);
                TensorPrimitives.Add(input[..(2 * h)], hidden[..(2 * h)], gate[..(2 * h)]);
                TensorPrimitives.Sigmoid(gate[..(2 * h)], gate[..(2 * h)]);
                hidden.Slice(2 * h, h).CopyTo(ghn.AsSpan(row * h, h));
                TensorPrimitives.Multiply(reset, hidden.Slice(2 * h, h), candidate);
                TensorPrimitives.Add(candidate, input.Slice(2 * h, h), candidate);
                TensorPrimitives.Tanh(candidate, candidate);

                // h' = n + z ⊙ (h − n), the same value as (1 − z) ⊙ n + z ⊙ h.
                Span<float> state = step.AsSpan(i * h, h);
                for (int j = 0; j < h; j++)
                {
                    state[j] = candidate[j] + update[j] * (state[j] - candidate[j]);
                }

                state.CopyTo(states.AsSpan(row * h, h));
            }

            offset += active;
        }
    }

    private void Backward(GruWeights weights, GruWeights gradients)
    {
        int d = shape.Embedding, h = shape.Hidden, g = shape.Gates;
        Array.Clear(step);
        int offset = rows;
        for (int t = steps.Length - 1; t >= 0; t--)
        {
            int active = steps[t];
            offset -= active;

            // step holds ∂L/∂h_t carried back from step t + 1 for the sentences that ran on; the others start at zero.
            int carried = t + 1 < steps.Length ? steps[t + 1] : 0;
            step.AsSpan(carried * h, (active - carried) * h).Clear();
            for (int i = 0; i < active; i++)
            {
                int row = offset + i;
                Span<float> carry = step.AsSpan(i * h, h);
                ReadOnlySpan<float> fromSoftmax = stateGradient.AsSpan(row * h, h);
                ReadOnlySpan<float> gate = gates.AsSpan(row * g, g);
                ReadOnlySpan<float> before = previous.AsSpan(row * h, h);
                ReadOnlySpan<float> hiddenN = ghn.AsSpan(row * h, h);
                Span<float> dInput = giGradient.AsSpan(row * g, g);
                Span<float> dHidden = ghGradient.AsSpan(row * g, g);
                for (int j = 0; j < h; j++)
                {
                    float r = gate[j], z = gate[h + j], n = gate[2 * h + j];
                    float dh = carry[j] + fromSoftmax[j];
                    float dn = dh * (1f - z);
                    float dz = dh * (before[j] - n);
                    float da = dn * (1f - n * n);
                    float dr = da * hiddenN[j] * r * (1f - r);
                    dz *= z * (1f - z);
                    dInput[j] = dr;
                    dInput[h + j] = dz;
                    dInput[2 * h + j] = da;
                    dHidden[j] = dr;
                    dHidden[h + j] = dz;
                    dHidden[2 * h + j] = da * r;
                    carry[j] = dh * z;
                }
            }

            // ∂L/∂h_{t−1} = z ⊙ ∂L/∂h_t + (∂L/∂(W_hh h + b_hh)) W_hh.
            ghGradient.AsSpan(offset * g, active * g).CopyTo(stepGates);
            Gemm.Multiply(active, h, g, stepGates, g, false, weights.HiddenWeight, h, step, h, true, serial);
        }

        // The weight gradients of all steps at once; the bias gradients sum the rows in order.
        Gemm.Multiply(g, d, rows, giGradient, g, true, x, d, gradients.InputWeight, d, false, parallel);
        Gemm.Multiply(g, h, rows, ghGradient, g, true, previous, h, gradients.HiddenWeight, h, false, parallel);
        Array.Clear(gradients.InputBias);
        Array.Clear(gradients.HiddenBias);
        for (int row = 0; row < rows; row++)
        {
            TensorPrimitives.Add(gradients.InputBias, giGradient.AsSpan(row * g, g), gradients.InputBias);
            TensorPrimitives.Add(gradients.HiddenBias, ghGradient.AsSpan(row * g, g), gradients.HiddenBias);
        }

        Gemm.Multiply(rows, d, g, giGradient, g, false, weights.InputWeight, d, xGradient, d, false, parallel);
        Array.Clear(gradients.Embedding);
        for (int row = 0; row < rows; row++)
        {
            Span<float> embedding = gradients.Embedding.AsSpan(inputs[row] * d, d);
            TensorPrimitives.Add(embedding, xGradient.AsSpan(row * d, d), embedding);
        }
    }

    // Orders the sentences longest first (ties in batch order) and lays out the rows of every step.
    private void Pack(IReadOnlyList<int[]> batch)
    {
        int sentences = batch.Count;
        if (sentences < 1)
        {
            throw new ArgumentException("A batch needs at least one sentence.", nameof(batch));
        }

        if (order.Length < sentences)
        {
            order = new int[sentences];
        }

        for (int i = 0; i < sentences; i++)
        {
            order[i] = i;
            foreach (int id in batch[i])
            {
                if ((uint)id >= (uint)shape.Vocabulary)
                {
                    throw new ArgumentOutOfRangeException(nameof(batch), id, $"Word id outside the vocabulary of {shape.Vocabulary}.");
                }
            }
        }

        Array.Sort(order, 0, sentences, Comparer<int>.Create((a, b) => batch[a].Length != batch[b].Length ? batch[b].Length.CompareTo(batch[a].Length) : a.CompareTo(b)));
        int length = batch[order[0]].Length + 1;
        steps = new int[length];
        rows = 0;
        for (int i = 0; i < sentences; i++)
        {
            rows += batch[i].Length + 1;
        }

        Ensure(rows, sentences);
        int row = 0;
        for (int t = 0; t < length; t++)
        {
            int active = 0;
            while (active < sentences && batch[order[active]].Length + 1 > t)
            {
                int[] sentence = batch[order[active]];
                inputs[row] = t == 0 ? EndOfSentence : sentence[t - 1];
                targets[row] = t < sentence.Length ? sentence[t] : EndOfSentence;
                active++;
                row++;
            }

            steps[t] = active;
        }
    }

    private void Ensure(int needed, int batchSentences)
    {
        int h = shape.Hidden, g = shape.Gates, d = shape.Embedding;
        if (inputs.Length < needed)
        {
            inputs = new int[needed];
            targets = new int[needed];
            x = new float[needed * d];
            gi = new float[needed * g];
            ghn = new float[needed * h];
            gates = new float[needed * g];
            previous = new float[needed * h];
            states = new float[needed * h];
            stateGradient = new float[needed * h];
            giGradient = new float[needed * g];
            ghGradient = new float[needed * g];
            xGradient = new float[needed * d];
        }

        if (step.Length < batchSentences * h)
        {
            step = new float[batchSentences * h];
            stepGates = new float[batchSentences * g];
        }
    }
}
