namespace GroupReduce.Trainer.Numerics;

/// <summary>
/// A tiny seeded generator (Steele, Lea and Flood's SplitMix64). Written out rather than taken from
/// <see cref="Random"/> so the committed model does not depend on how a .NET version implements seeding.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong NextUInt64()
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>) by Lemire's multiply-shift (bias below 2^-32 for our bounds).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        return (int)Math.BigMul(NextUInt64(), (ulong)bound, out _);
    }

    /// <summary>A uniform double in [0, 1) from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [-<paramref name="scale"/>, <paramref name="scale"/>).</summary>
    public float NextSymmetric(float scale) => (float)((NextDouble() * 2.0 - 1.0) * scale);

    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
