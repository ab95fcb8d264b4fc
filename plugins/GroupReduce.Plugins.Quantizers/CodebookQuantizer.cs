using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using GroupReduce.Abstractions.Quantization;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Quantizers;

/// <summary>
/// A k-means scalar codebook per tensor: <c>2^bits</c> float32 centroids fitted on a sample of the
/// values, and every value stored as the index of its nearest centroid.
/// </summary>
internal sealed class CodebookQuantizer : IQuantizer
{
    // Buckets counted in vector lanes before the per-value search.
    private const int MaximumLinearCentroids = 16;

    private readonly int _maxDegreeOfParallelism;

    public CodebookQuantizer(int bits, int iterations, int sampleSize, long seed, int maxDegreeOfParallelism)
    {
        Bits = bits;
        Iterations = iterations;
        SampleSize = sampleSize;
        Seed = seed;
        _maxDegreeOfParallelism = maxDegreeOfParallelism;
    }

    public int Bits { get; }

    public int Iterations { get; }

    public int SampleSize { get; }

    public long Seed { get; }

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"codebook, {Bits}-bit indices into {1 << Bits} k-means centroids per tensor ({Iterations} Lloyd iterations on up to {SampleSize:N0} sampled values, seed {Seed})");

    public long TensorBytes(long rows, int columns) => QuantizedTensor.EncodedBytes(QuantizationScheme.Codebook, rows, columns, Bits);

    public unsafe QuantizedTensor Quantize(ReadOnlySpan<float> values, int rows, int columns)
    {
        InputShape.Check(values, rows, columns);

        int size = EncodedSize.DataBytes((long)rows * BitPacking.RowBytes(columns, Bits), rows, columns, "codebook");
        ValueScan.ThrowIfNonFinite(values, rows, columns, "codebook");
        float[] codebook = Fit(values);
        int bits = Bits;
        int rowBytes = BitPacking.RowBytes(columns, bits);
        // Every byte is written below.
        byte[] data = GC.AllocateUninitializedArray<byte>(size);
        float[] thresholds = Thresholds(codebook);
        fixed (float* source = values)
        {
            nint sourceAddress = (nint)source;
            RowChunks.Run(rows, columns, _maxDegreeOfParallelism, (start, end) =>
            {
                int[] indices = new int[columns];
                for (int row = start; row < end; row++)
                {
                    var x = new ReadOnlySpan<float>((float*)sourceAddress + ((long)row * columns), columns);
                    Assign(x, thresholds, indices);
                    RowPacker.Pack(indices, bits, data.AsSpan((int)((long)row * rowBytes), rowBytes));
                }
            });
        }

        return QuantizedTensor.CreateCodebook(rows, columns, bits, data, codebook);
    }

    /// <summary>The sorted codebook for these values.</summary>
    internal float[] Fit(ReadOnlySpan<float> values)
    {
        int k = 1 << Bits;
        float[] codebook = new float[k];
        if (values.IsEmpty)
        {
            return codebook;
        }

        var random = new SplitMix64(unchecked((ulong)Seed));
        float[] sample = CodebookSampler.SortedSample(values, SampleSize, ref random);
        double[] centers = new SortedKMeans(sample).Fit(k, Iterations, ref random);
        for (int j = 0; j < k; j++)
        {
            codebook[j] = (float)centers[j];
        }

        Array.Sort(codebook);
        return codebook;
    }

    /// <summary>
    /// The decision points between neighbouring centroids as floats: for a float <c>x</c>,
    /// <c>x &gt; t</c> holds exactly when <c>x</c> lies above the true midpoint when <c>t</c> is the
    /// largest float not above it. Padded with +∞ to a power of two so that the search below takes
    /// exactly <c>bits</c> branch-free steps.
    /// </summary>
    internal static float[] Thresholds(float[] codebook)
    {
        float[] thresholds = new float[codebook.Length];
        for (int j = 0; j < codebook.Length - 1; j++)
        {
            double midpoint = ((double)codebook[j] + codebook[j + 1]) / 2;
            float t = (float)midpoint;
            thresholds[j] = t > midpoint ? MathF.BitDecrement(t) : t;
        }

        thresholds[^1] = float.PositiveInfinity;
        return thresholds;
    }

    /// <summary>
    /// Each value's nearest centroid: the number of thresholds below it (a tie goes to the lower
    /// centroid). Vector lanes first count the values' bucket among up to 16 evenly spaced
    /// thresholds; a short branch-free search then finishes inside the bucket.
    /// </summary>
    internal static void Assign(ReadOnlySpan<float> x, float[] thresholds, Span<int> indices)
    {
        int buckets = Math.Min(thresholds.Length, MaximumLinearCentroids);
        int bucketSize = thresholds.Length / buckets;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var values = new Vector<float>(x[i..]);
                Vector<int> count = Vector<int>.Zero;
                for (int m = 1; m < buckets; m++)
                {
                    count -= Vector.GreaterThan(values, new Vector<float>(thresholds[(m * bucketSize) - 1]));
                }

                (count * bucketSize).CopyTo(indices[i..]);
            }
        }

        if (bucketSize > 1)
        {
            for (int j = 0; j < i; j++)
            {
                indices[j] = Search(x[j], thresholds, indices[j], bucketSize);
            }
        }

        for (; i < x.Length; i++)
        {
            indices[i] = Search(x[i], thresholds, 0, thresholds.Length);
        }
    }

    /// <summary>The count of thresholds below <paramref name="value"/>, known to lie in <c>[start, start + length)</c>; <paramref name="length"/> is a power of two.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Search(float value, float[] thresholds, int start, int length)
    {
        int index = start;
        for (int step = length >> 1; step > 0; step >>= 1)
        {
            // A data-dependent branch here mispredicts half the time on real data; a flag does not.
            index += step & -Unsafe.BitCast<bool, byte>(value > thresholds[index + step - 1]);
        }

        return index;
    }
}
