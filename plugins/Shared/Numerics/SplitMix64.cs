namespace GroupReduce.Plugins.Numerics;

/// <summary>
/// A tiny, fully specified seeded generator (Steele, Lea and Flood's SplitMix64). Written out rather than taken from
/// <see cref="Random"/> so that random start vectors, codebook samples and the trainer's initial weights are the same
/// on every .NET version. One copy serves the solver plugins, the quantizers and the trainer (linked as source, since
/// plugins may share nothing but GroupReduce.Abstractions).
/// </summary>
/// <remarks>
/// A mutable struct so that drawing a value costs no allocation or indirection: pass it by <c>ref</c>, since a copy
/// would replay the same sequence.
/// </remarks>
internal struct SplitMix64
{
    private ulong _state;

    /// <summary>Seeds the generator.</summary>
    /// <param name="seed">The seed.</param>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The next 64 random bits.</summary>
    /// <returns>The bits.</returns>
    public ulong NextUInt64()
    {
        unchecked
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A uniform double in <c>[0, 1)</c> from the top 53 bits.</summary>
    /// <returns>The value.</returns>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in <c>[-1, 1)</c> from the top 53 bits.</summary>
    /// <returns>The value.</returns>
    public double NextSigned() => ((NextUInt64() >> 11) * (1.0 / (1UL << 52))) - 1.0;

    /// <summary>A uniform float in <c>[-scale, scale)</c>.</summary>
    /// <param name="scale">The half-width of the range.</param>
    /// <returns>The value.</returns>
    public float NextSymmetric(float scale) => (float)(((NextDouble() * 2.0) - 1.0) * scale);

    /// <summary>
    /// A uniform integer in <c>[0, bound)</c> by Lemire's multiply-shift: the high word of the 128-bit product (bias
    /// below <c>bound / 2^64</c>, negligible for the bounds used here).
    /// </summary>
    /// <param name="bound">The exclusive upper bound (positive).</param>
    /// <returns>The value.</returns>
    public long NextInt64(long bound) => (long)Math.BigMul(NextUInt64(), (ulong)bound, out _);

    /// <summary>A uniform integer in <c>[0, bound)</c>, as <see cref="NextInt64"/>.</summary>
    /// <param name="bound">The exclusive upper bound.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bound"/> is not positive.</exception>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        return (int)NextInt64(bound);
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates, from the end).</summary>
    /// <param name="items">The items.</param>
    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
