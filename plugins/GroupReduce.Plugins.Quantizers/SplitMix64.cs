namespace GroupReduce.Plugins.Quantizers;

/// <summary>
/// A small seeded generator (Steele, Lea and Flood's SplitMix64). Used instead of <see cref="Random"/>
/// so that sampling and seeding give the same codebook on every .NET version.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(long seed) => _state = unchecked((ulong)seed);

    public ulong Next()
    {
        unchecked
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [0, <paramref name="bound"/>).</summary>
    public long NextInt64(long bound) => (long)Math.BigMul(Next(), (ulong)bound, out _);
}
