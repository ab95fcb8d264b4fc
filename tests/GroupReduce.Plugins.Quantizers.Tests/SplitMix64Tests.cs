using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Quantizers.Tests;

/// <summary>
/// The one SplitMix64 (linked into the quantizers, both solver plugins and the trainer) must keep the published
/// sequence: codebooks, start vectors and the committed trainer weights all depend on it bit for bit.
/// </summary>
public sealed class SplitMix64Tests
{
    [Fact]
    public void The_generator_follows_the_published_SplitMix64_sequence()
    {
        var zero = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, zero.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, zero.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, zero.NextUInt64());

        var seeded = new SplitMix64(1234567);
        Assert.Equal(6457827717110365317UL, seeded.NextUInt64());
        Assert.Equal(3203168211198807973UL, seeded.NextUInt64());
        Assert.Equal(9817491932198370423UL, seeded.NextUInt64());
    }

    [Fact]
    public void Every_derived_draw_is_taken_from_one_step_of_the_sequence()
    {
        const ulong Bits = 0xE220A8397B1DCDAFUL;
        Assert.Equal((Bits >> 11) * (1.0 / (1UL << 53)), new SplitMix64(0).NextDouble());
        Assert.Equal(((Bits >> 11) * (1.0 / (1UL << 52))) - 1.0, new SplitMix64(0).NextSigned());
        Assert.Equal((float)((((Bits >> 11) * (1.0 / (1UL << 53)) * 2.0) - 1.0) * 0.5f), new SplitMix64(0).NextSymmetric(0.5f));
        Assert.Equal((long)(((UInt128)Bits * 1000UL) >> 64), new SplitMix64(0).NextInt64(1000));
        Assert.Equal((int)(((UInt128)Bits * 7UL) >> 64), new SplitMix64(0).NextInt(7));
    }

    [Fact]
    public void A_shuffle_is_a_permutation_that_depends_only_on_the_seed()
    {
        int[] first = [.. Enumerable.Range(0, 50)];
        int[] second = [.. Enumerable.Range(0, 50)];
        var a = new SplitMix64(42);
        var b = new SplitMix64(42);
        a.Shuffle(first);
        b.Shuffle(second);

        Assert.Equal(first, second);
        Assert.NotEqual(Enumerable.Range(0, 50), first);
        Assert.Equal(Enumerable.Range(0, 50), first.Order());
    }
}
