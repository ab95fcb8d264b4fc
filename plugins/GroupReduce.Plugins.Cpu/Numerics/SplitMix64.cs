namespace GroupReduce.Plugins.Cpu.Numerics;

/// <summary>A tiny, fully specified generator (SplitMix64) so random start vectors are the same on every runtime.</summary>
internal struct SplitMix64
{
    private ulong _state;

    /// <summary>Seeds the generator.</summary>
    /// <param name="seed">The seed.</param>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The next 64 random bits.</summary>
    /// <returns>The bits.</returns>
    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform value in <c>[-1, 1)</c>.</summary>
    /// <returns>The value.</returns>
    public double NextSigned() => ((Next() >> 11) * (1.0 / (1UL << 52))) - 1.0;
}
