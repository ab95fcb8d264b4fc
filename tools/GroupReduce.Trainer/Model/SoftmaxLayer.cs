using System.Numerics.Tensors;
using GroupReduce.Trainer.Numerics;

namespace GroupReduce.Trainer.Model;

/// <summary>
/// The output layer both families share: logits <c>z = S h + c</c> over the vocabulary for a batch of hidden
/// vectors, the softmax, Σ log p(target), and the gradient of the mean cross-entropy with respect to S, c and h.
/// The logits are kept transposed, one row per word and one column per example, so that both softmax passes
/// and all three vocabulary-sized products run along contiguous rows without a transpose of the V×H softmax
/// matrix. Buffers are sized once for the largest batch and reused.
/// </summary>
public sealed class SoftmaxLayer
{
    private const int SoftmaxRowBlock = 256;

    private readonly int vocabulary;
    private readonly int width;
    private readonly ParallelOptions parallel;
    private readonly float[] hiddenT;   // hᵀ [H, B]
    private readonly float[] logitsT;   // zᵀ [V, B], then probabilities, then the logit gradient
    private readonly float[] columnMax;
    private readonly float[] columnSum;
    private readonly float[] blockSums;
    private readonly float[] scratch;
    private readonly double[] targetLogit;

    public SoftmaxLayer(int vocabulary, int width, int batchCapacity, ParallelOptions parallel)
    {
        ArgumentNullException.ThrowIfNull(parallel);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchCapacity, 1);
        this.vocabulary = vocabulary;
        this.width = width;
        this.parallel = parallel;
        Capacity = batchCapacity;
        hiddenT = new float[width * batchCapacity];
        logitsT = new float[vocabulary * batchCapacity];
        columnMax = new float[batchCapacity];
        columnSum = new float[batchCapacity];
        int blocks = (vocabulary + SoftmaxRowBlock - 1) / SoftmaxRowBlock;
        blockSums = new float[blocks * batchCapacity];
        scratch = new float[batchCapacity];
        targetLogit = new double[batchCapacity];
    }

    /// <summary>The most examples one call takes.</summary>
    public int Capacity { get; }

    /// <summary>
    /// Σ log p(target) (natural log) over <paramref name="count"/> examples whose hidden vectors are the first
    /// rows of <paramref name="hidden"/> [count, H]. Keeps the probabilities for <see cref="Backward"/>.
    /// </summary>
    public double LogProbability(float[] softmaxWeight, float[] bias, float[] hidden, ReadOnlySpan<int> targets, int count)
    {
        Transpose(hidden, count, width, hiddenT);
        Gemm.Multiply(vocabulary, count, width, softmaxWeight, width, false, hiddenT, count, logitsT, count, false, parallel);
        return Softmax(bias, targets, count);
    }

    /// <summary>
    /// After <see cref="LogProbability"/> on the same batch: the gradient of <c>−(1/normalizer) Σ log p(target)</c>
    /// with respect to S and c (written, or added when <paramref name="accumulate"/>) and to the hidden vectors
    /// (written into the first <paramref name="count"/> rows of <paramref name="hiddenGradient"/>).
    /// </summary>
    public void Backward(float[] softmaxWeight, float[] hidden, ReadOnlySpan<int> targets, int count, int normalizer, float[] weightGradient, float[] biasGradient, float[] hiddenGradient, bool accumulate)
    {
        // ∂L/∂z = (p − onehot(target)) / N, in place in logitsT; its row sums are the softmax bias gradient.
        Span<float> scale = scratch.AsSpan(0, count);
        for (int b = 0; b < count; b++)
        {
            scale[b] = 1f / (columnSum[b] * normalizer);
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

        float inverseCount = 1f / normalizer;
        for (int b = 0; b < count; b++)
        {
            logitsT[targets[b] * count + b] -= inverseCount;
        }

        for (int v = 0; v < vocabulary; v++)
        {
            float sum = TensorPrimitives.Sum(logitsT.AsSpan(v * count, count));
            biasGradient[v] = accumulate ? biasGradient[v] + sum : sum;
        }

        // ∂L/∂S = (∂L/∂z)ᵀ h and ∂L/∂h = (∂L/∂z) S.
        Gemm.Multiply(vocabulary, width, count, logitsT, count, false, hidden, width, weightGradient, width, accumulate, parallel);
        Gemm.Multiply(count, width, vocabulary, logitsT, count, true, softmaxWeight, width, hiddenGradient, width, false, parallel);
    }

    // Turns logitsT into probabilities column by column and returns Σ log p(target). Blocks of rows run in
    // parallel; their partial column sums are added in block order, so the result is thread-count independent.
    private double Softmax(float[] bias, ReadOnlySpan<int> targets, int count)
    {
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

    internal static void Transpose(float[] source, int rows, int columns, float[] destination)
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
