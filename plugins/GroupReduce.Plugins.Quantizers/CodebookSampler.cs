using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Quantizers;

/// <summary>
/// Picks the values a codebook is fitted on: all of them when they are few, otherwise one random
/// value from each of <c>m</c> equal strata of the tensor. Stratifying covers the whole tensor;
/// the random pick within a stratum avoids aliasing with the row length that a fixed stride would have.
/// </summary>
internal static class CodebookSampler
{
    /// <summary>The sample, sorted ascending.</summary>
    public static float[] SortedSample(ReadOnlySpan<float> values, int sampleSize, ref SplitMix64 random)
    {
        long n = values.Length;
        float[] sample;
        if (n <= sampleSize)
        {
            sample = values.ToArray();
        }
        else
        {
            sample = new float[sampleSize];
            for (long i = 0; i < sampleSize; i++)
            {
                long from = i * n / sampleSize;
                long to = (i + 1) * n / sampleSize;
                sample[i] = values[(int)(from + random.NextInt64(to - from))];
            }
        }

        Array.Sort(sample);
        return sample;
    }
}
