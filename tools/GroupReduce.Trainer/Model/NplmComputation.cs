using System.Numerics.Tensors;
using GroupReduce.Trainer.Numerics;

namespace GroupReduce.Trainer.Model;

/// <summary>
/// The forward computation of docs/language-model.md for a minibatch, and its gradient. Examples are
/// given as contexts (n word ids per example, most recent first, <c>&lt;eos&gt;</c> before the sentence) and
/// targets. The softmax and its gradient are the shared <see cref="SoftmaxLayer"/>. Buffers are sized once
/// for the largest batch and reused.
/// </summary>
public sealed class NplmComputation
{
    private readonly NplmShape shape;
    private readonly int capacity;
    private readonly ParallelOptions parallel;
    private readonly SoftmaxLayer output;
    private readonly float[] input;          // X [B, n·d]
    private readonly float[] hiddenWeightT;  // Wᵀ [n·d, H]
    private readonly float[] hidden;         // h [B, H]
    private readonly float[] hiddenGradient; // ∂L/∂h, then ∂L/∂(Wx+b) [B, H]
    private readonly float[] inputGradient;  // ∂L/∂X [B, n·d]

    public NplmComputation(NplmShape shape, int batchCapacity, ParallelOptions parallel)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(parallel);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchCapacity, 1);
        shape.Validate();
        this.shape = shape;
        capacity = batchCapacity;
        this.parallel = parallel;
        output = new SoftmaxLayer(shape.Vocabulary, shape.Hidden, batchCapacity, parallel);
        input = new float[batchCapacity * shape.Input];
        hiddenWeightT = new float[shape.Input * shape.Hidden];
        hidden = new float[batchCapacity * shape.Hidden];
        hiddenGradient = new float[batchCapacity * shape.Hidden];
        inputGradient = new float[batchCapacity * shape.Input];
    }

    /// <summary>Σ log p(target) over the examples (natural log), without gradients.</summary>
    public double LogProbability(NplmWeights weights, ReadOnlySpan<int> contexts, ReadOnlySpan<int> targets)
    {
        int count = CheckBatch(weights, contexts, targets);
        Forward(weights, contexts, count);
        return output.LogProbability(weights.SoftmaxWeight, weights.SoftmaxBias, hidden, targets, count);
    }

    /// <summary>
    /// The mean negative log-likelihood of the examples, and its gradient with respect to every weight
    /// written into <paramref name="gradients"/> (overwritten, not accumulated).
    /// </summary>
    public double LossAndGradient(NplmWeights weights, ReadOnlySpan<int> contexts, ReadOnlySpan<int> targets, NplmWeights gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        int count = CheckBatch(weights, contexts, targets);
        if (gradients.Shape != shape)
        {
            throw new ArgumentException("The gradient shape differs from the model's.", nameof(gradients));
        }

        Forward(weights, contexts, count);
        double logProbability = output.LogProbability(weights.SoftmaxWeight, weights.SoftmaxBias, hidden, targets, count);
        Backward(weights, contexts, targets, count, gradients);
        return -logProbability / count;
    }

    private int CheckBatch(NplmWeights weights, ReadOnlySpan<int> contexts, ReadOnlySpan<int> targets)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Shape != shape)
        {
            throw new ArgumentException("The model shape differs from the computation's.", nameof(weights));
        }

        int count = targets.Length;
        if (count < 1 || count > capacity || contexts.Length != count * shape.Context)
        {
            throw new ArgumentException($"A batch needs 1..{capacity} targets and n contexts for each ({targets.Length} targets, {contexts.Length} context ids).");
        }

        foreach (int id in contexts)
        {
            CheckId(id);
        }

        foreach (int id in targets)
        {
            CheckId(id);
        }

        return count;
    }

    private void CheckId(int id)
    {
        if ((uint)id >= (uint)shape.Vocabulary)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Word id outside the vocabulary of {shape.Vocabulary}.");
        }
    }

    private void Forward(NplmWeights weights, ReadOnlySpan<int> contexts, int count)
    {
        int d = shape.Embedding, n = shape.Context, width = shape.Input, h = shape.Hidden;
        for (int b = 0; b < count; b++)
        {
            for (int j = 0; j < n; j++)
            {
                weights.Embedding.AsSpan(contexts[b * n + j] * d, d).CopyTo(input.AsSpan(b * width + j * d, d));
            }
        }

        SoftmaxLayer.Transpose(weights.HiddenWeight, h, width, hiddenWeightT);
        Gemm.Multiply(count, h, width, input, width, false, hiddenWeightT, h, hidden, h, false, parallel);
        for (int b = 0; b < count; b++)
        {
            Span<float> row = hidden.AsSpan(b * h, h);
            TensorPrimitives.Add(row, weights.HiddenBias, row);
            TensorPrimitives.Tanh(row, row);
        }
    }

    private void Backward(NplmWeights weights, ReadOnlySpan<int> contexts, ReadOnlySpan<int> targets, int count, NplmWeights gradients)
    {
        int h = shape.Hidden, width = shape.Input, d = shape.Embedding, n = shape.Context;
        output.Backward(weights.SoftmaxWeight, hidden, targets, count, count, gradients.SoftmaxWeight, gradients.SoftmaxBias, hiddenGradient, accumulate: false);

        // Through tanh: ∂L/∂a = ∂L/∂h · (1 − h²).
        for (int i = 0; i < count * h; i++)
        {
            hiddenGradient[i] *= 1f - hidden[i] * hidden[i];
        }

        Array.Clear(gradients.HiddenBias);
        for (int b = 0; b < count; b++)
        {
            TensorPrimitives.Add(gradients.HiddenBias, hiddenGradient.AsSpan(b * h, h), gradients.HiddenBias);
        }

        Gemm.Multiply(h, width, count, hiddenGradient, h, true, input, width, gradients.HiddenWeight, width, false, parallel);
        Gemm.Multiply(count, width, h, hiddenGradient, h, false, weights.HiddenWeight, width, inputGradient, width, false, parallel);

        // Scatter the context gradient back to the embedding rows, examples and positions in order.
        Array.Clear(gradients.Embedding);
        for (int b = 0; b < count; b++)
        {
            for (int j = 0; j < n; j++)
            {
                Span<float> row = gradients.Embedding.AsSpan(contexts[b * n + j] * d, d);
                TensorPrimitives.Add(row, inputGradient.AsSpan(b * width + j * d, d), row);
            }
        }
    }
}
