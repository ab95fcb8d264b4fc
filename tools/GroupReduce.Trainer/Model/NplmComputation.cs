using System.Numerics.Tensors;
using GroupReduce.Trainer.Numerics;

namespace GroupReduce.Trainer.Model;

/// <summary>
/// The forward computation of docs/language-model.md for a minibatch, and its gradient. Examples are
/// given as contexts (n word ids per example, most recent first, <c>&lt;eos&gt;</c> before the sentence) and
/// targets. The logits are kept transposed, one row per word and one column per example, so that both
/// softmax passes and all three vocabulary-sized products run along contiguous rows without a transpose
/// of the V×H softmax matrix. Buffers are sized once for the largest batch and reused.
/// </summary>
public sealed class NplmComputation
{
    private const int SoftmaxRowBlock = 256;

    private readonly NplmShape shape;
    private readonly int capacity;
    private readonly ParallelOptions parallel;
    private readonly float[] input;          // X [B, n·d]
    private readonly float[] hiddenWeightT;  // Wᵀ [n·d, H]
    private readonly float[] hidden;         // h [B, H]
    private readonly float[] hiddenT;        // hᵀ [H, B]
    private readonly float[] logitsT;        // zᵀ [V, B], then probabilities, then the logit gradient
    private readonly float[] hiddenGradient; // ∂L/∂h, then ∂L/∂(Wx+b) [B, H]
    private readonly float[] inputGradient;  // ∂L/∂X [B, n·d]
    private readonly float[] columnMax;
    private readonly float[] columnSum;
    private readonly float[] blockSums;
    private readonly float[] scratch;
    private readonly double[] targetLogit;

    public NplmComputation(NplmShape shape, int batchCapacity, ParallelOptions parallel)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(parallel);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchCapacity, 1);
        shape.Validate();
        this.shape = shape;
        capacity = batchCapacity;
        this.parallel = parallel;
        input = new float[batchCapacity * shape.Input];
        hiddenWeightT = new float[shape.Input * shape.Hidden];
        hidden = new float[batchCapacity * shape.Hidden];
        hiddenT = new float[shape.Hidden * batchCapacity];
        logitsT = new float[shape.Vocabulary * batchCapacity];
        hiddenGradient = new float[batchCapacity * shape.Hidden];
        inputGradient = new float[batchCapacity * shape.Input];
        columnMax = new float[batchCapacity];
        columnSum = new float[batchCapacity];
        int blocks = (shape.Vocabulary + SoftmaxRowBlock - 1) / SoftmaxRowBlock;
        blockSums = new float[blocks * batchCapacity];
        scratch = new float[batchCapacity];
        targetLogit = new double[batchCapacity];
    }

    /// <summary>Σ log p(target) over the examples (natural log), without gradients.</summary>
    public double LogProbability(NplmWeights weights, ReadOnlySpan<int> contexts, ReadOnlySpan<int> targets)
    {
        int count = CheckBatch(weights, contexts, targets);
        Forward(weights, contexts, count);
        return Softmax(weights.SoftmaxBias, targets, count);
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
        double logProbability = Softmax(weights.SoftmaxBias, targets, count);
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

        Transpose(weights.HiddenWeight, h, width, hiddenWeightT);
        Gemm.Multiply(count, h, width, input, width, false, hiddenWeightT, h, hidden, h, false, parallel);
        for (int b = 0; b < count; b++)
        {
            Span<float> row = hidden.AsSpan(b * h, h);
            TensorPrimitives.Add(row, weights.HiddenBias, row);
            TensorPrimitives.Tanh(row, row);
        }

        Transpose(hidden, count, h, hiddenT);
        Gemm.Multiply(shape.Vocabulary, count, h, weights.SoftmaxWeight, h, false, hiddenT, count, logitsT, count, false, parallel);
    }

    // Turns logitsT into probabilities column by column and returns Σ log p(target). Blocks of rows run in
    // parallel; their partial column sums are added in block order, so the result is thread-count independent.
    private double Softmax(float[] bias, ReadOnlySpan<int> targets, int count)
    {
        int vocabulary = shape.Vocabulary;
        Span<float> max = columnMax.AsSpan(0, count);
        for (int v = 0; v < vocabulary; v++)
        {
            Span<float> row = logitsT.AsSpan(v * count, count);
            TensorPrimitives.Add(row, bias[v], row);
            if (v == 0)
            {
                row.CopyTo(max);
            }
            else
            {
                TensorPrimitives.Max(max, row, max);
            }
        }

        for (int b = 0; b < count; b++)
        {
            targetLogit[b] = (double)logitsT[targets[b] * count + b] - max[b];
        }

        int blocks = (vocabulary + SoftmaxRowBlock - 1) / SoftmaxRowBlock;
        Parallel.For(0, blocks, parallel, block =>
        {
            Span<float> sums = blockSums.AsSpan(block * count, count);
            sums.Clear();
            ReadOnlySpan<float> columnMaxima = columnMax.AsSpan(0, count);
            int end = Math.Min(vocabulary, (block + 1) * SoftmaxRowBlock);
            for (int v = block * SoftmaxRowBlock; v < end; v++)
            {
                Span<float> row = logitsT.AsSpan(v * count, count);
                TensorPrimitives.Subtract(row, columnMaxima, row);
                TensorPrimitives.Exp(row, row);
                TensorPrimitives.Add(sums, row, sums);
            }
        });

        Span<float> sum = columnSum.AsSpan(0, count);
        sum.Clear();
        for (int block = 0; block < blocks; block++)
        {
            TensorPrimitives.Add(sum, blockSums.AsSpan(block * count, count), sum);
        }

        double total = 0;
        for (int b = 0; b < count; b++)
        {
            total += targetLogit[b] - Math.Log(sum[b]);
        }

        return total;
    }

    private void Backward(NplmWeights weights, ReadOnlySpan<int> contexts, ReadOnlySpan<int> targets, int count, NplmWeights gradients)
    {
        int vocabulary = shape.Vocabulary, h = shape.Hidden, width = shape.Input, d = shape.Embedding, n = shape.Context;

        // ∂L/∂z = (p − onehot(target)) / B, in place in logitsT; its row sums are the softmax bias gradient.
        Span<float> scale = scratch.AsSpan(0, count);
        for (int b = 0; b < count; b++)
        {
            scale[b] = 1f / (columnSum[b] * count);
        }

        float[] scaleArray = scratch;
        Parallel.For(0, (vocabulary + SoftmaxRowBlock - 1) / SoftmaxRowBlock, parallel, block =>
        {
            int end = Math.Min(vocabulary, (block + 1) * SoftmaxRowBlock);
            for (int v = block * SoftmaxRowBlock; v < end; v++)
            {
                Span<float> row = logitsT.AsSpan(v * count, count);
                TensorPrimitives.Multiply(row, scaleArray.AsSpan(0, count), row);
            }
        });

        float inverseCount = 1f / count;
        for (int b = 0; b < count; b++)
        {
            logitsT[targets[b] * count + b] -= inverseCount;
        }

        for (int v = 0; v < vocabulary; v++)
        {
            gradients.SoftmaxBias[v] = TensorPrimitives.Sum(logitsT.AsSpan(v * count, count));
        }

        // ∂L/∂S = (∂L/∂z)ᵀ h and ∂L/∂h = (∂L/∂z) S.
        Gemm.Multiply(vocabulary, h, count, logitsT, count, false, hidden, h, gradients.SoftmaxWeight, h, false, parallel);
        Gemm.Multiply(count, h, vocabulary, logitsT, count, true, weights.SoftmaxWeight, h, hiddenGradient, h, false, parallel);

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

    private static void Transpose(float[] source, int rows, int columns, float[] destination)
    {
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                destination[j * rows + i] = source[i * columns + j];
            }
        }
    }
}
