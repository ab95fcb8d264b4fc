using GroupReduce.Runtime.Kernels;

namespace GroupReduce.Runtime.Tests.Kernels;

/// <summary>
/// Every integer path this machine runs (AVX-VNNI, AVX2 — with int4's blocks of 32 in lane pairs —, SSSE3, portable
/// Vector128, scalar) gives, for int8 rows
/// (−128 included) and int4 rows (−8 included), at odd widths, chunk tails, several scale blocks and the rows after the
/// four-row blocks: (1) the exact integer result <c>s_x · Σ_b s_b Σ q_j x̂_j</c>, and (2) a product within the derived
/// bound <c>(s_x / 2) · Σ_j |s_b q_j|</c> of the float decoding <c>Σ_j s_b q_j t_j</c>.
/// </summary>
public sealed class IntegerRowDotsTests
{
    private static readonly int[] Widths = [1, 5, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 130];
    private static readonly int[] Blocks = [int.MaxValue, 16, 32, 64, 128];
    private static readonly int[] Counts = [0, 1, 3, 4, 5, 9];

    public static TheoryData<string, int> PathsAndBits()
    {
        var data = new TheoryData<string, int>();
        foreach (IntegerPath path in IntegerPaths.Supported)
        {
            data.Add(path.ToString(), 8);
            data.Add(path.ToString(), 4);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndBits))]
    public void Every_path_gives_the_exact_integer_sum_and_stays_within_the_bound_of_float_decoding(string pathName, int bits)
    {
        IntegerPath path = Enum.Parse<IntegerPath>(pathName);
        var random = new Random(bits * 31);
        int checkedCases = 0;
        foreach (int width in Widths)
        {
            foreach (int blockChoice in Blocks)
            {
                int block = Math.Min(blockChoice, width);
                if (!(block >= width || block % IntegerRowDots.ChunkColumns(path, bits) == 0 || Int4BlockPairs.Takes(path, bits, block, width)))
                {
                    Assert.Throws<ArgumentException>(() => Run(path, bits, width, block, 1, random));
                    continue;
                }

                foreach (int count in Counts)
                {
                    Run(path, bits, width, block, count, random);
                    checkedCases++;
                }
            }
        }

        Assert.True(checkedCases > 100, $"{checkedCases} cases");
    }

    [Fact]
    public void Quantizing_the_input_rounds_to_the_nearest_step_and_keeps_zero_and_non_finite_apart()
    {
        var q = new sbyte[4];
        float scale = IntegerRowDots.Quantize([1.27f, -0.635f, 0.004f, 0f], q);
        Assert.Equal(0.01f, scale, 1e-7f);
        Assert.Equal(new sbyte[] { 127, -64, 0, 0 }, q);
        Assert.Equal(0f, IntegerRowDots.Quantize([0f, 0f], q));
        Assert.True(float.IsNaN(IntegerRowDots.Quantize([1f, float.NaN], q)));
        Assert.True(float.IsNaN(IntegerRowDots.Quantize([float.PositiveInfinity], q)));
    }

    [Fact]
    public void A_256_bit_path_steps_down_for_blocks_narrower_than_its_chunk_and_odd_blocks_decode_to_float()
    {
        Assert.Equal(IntegerPath.Avx2, IntegerRowDots.Fit(IntegerPath.Avx2, 8, 512, 512));
        Assert.Equal(IntegerPath.Avx2, IntegerRowDots.Fit(IntegerPath.Avx2, 4, 64, 512));
        IntegerPath narrower = IntegerPaths.IsSupported(IntegerPath.Ssse3) ? IntegerPath.Ssse3 : IntegerPath.Vector128;
        Assert.Null(IntegerRowDots.Fit(IntegerPath.Avx2, 4, 16, 512));

        // Int4's default block of 32 stays 256-bit: a chunk's two blocks are scaled lane by lane (Int4BlockPairs).
        Assert.Equal(IntegerPath.Avx2, IntegerRowDots.Fit(IntegerPath.Avx2, 4, 32, 512));
        Assert.Equal(narrower, IntegerRowDots.Fit(IntegerPath.Avx2, 4, 32, 32));
        Assert.Equal(narrower, IntegerRowDots.Fit(IntegerPath.AvxVnni, 8, 16, 512));
        Assert.Null(IntegerRowDots.Fit(IntegerPath.Avx2, 8, 5, 512));
        Assert.Null(IntegerRowDots.Fit(IntegerPath.Scalar, 4, 24, 512));

        // A rank of 13 pads to 16 columns rather than 32.
        Assert.Equal(narrower, IntegerRowDots.Fit(IntegerPath.Avx2, 8, 13, 13));
    }

    private static void Run(IntegerPath path, int bits, int width, int block, int count, Random random)
    {
        int blocks = IntegerRowDots.BlockCount(width, block);
        int rowBytes = ((width * bits) + 7) / 8;
        int low = bits == 8 ? -128 : -8, high = bits == 8 ? 127 : 7;
        int[] q = [.. Enumerable.Range(0, count * width).Select(_ => random.Next(low, high + 1))];

        // The extremes in every row, so −128 (−8) meets a negative input.
        for (int k = 0; k < count && width >= 2; k++)
        {
            q[k * width] = low;
            q[(k * width) + 1] = high;
        }

        byte[] data = new byte[count * rowBytes];
        for (int k = 0; k < count; k++)
        {
            for (int j = 0; j < width; j++)
            {
                int v = q[(k * width) + j];
                if (bits == 8)
                {
                    data[(k * rowBytes) + j] = (byte)(sbyte)v;
                }
                else
                {
                    data[(k * rowBytes) + (j >> 1)] |= (byte)((v & 0x0F) << ((j & 1) * 4));
                }
            }
        }

        float[] scales = [.. Enumerable.Range(0, count * blocks).Select(_ => (float)(random.NextDouble() * 0.02) + 0.001f)];
        float[] t = [.. Enumerable.Range(0, width).Select(_ => (float)((random.NextDouble() * 2) - 1) * 3f)];
        t[0] = -3.5f;
        // As the product lays it out: zero-padded to whole chunks of the widest path.
        var x = new sbyte[IntegerRowDots.PaddedColumns(width, 64)];
        float inputScale = IntegerRowDots.Quantize(t, x);
        var layout = new sbyte[x.Length];
        var corrections = new int[blocks];
        if (bits == 4)
        {
            IntegerRowDots.Deinterleave(x, IntegerRowDots.ChunkColumns(path, 4), layout);
            IntegerRowDots.Int4Corrections(x.AsSpan(0, width), block, corrections);
            if (Int4BlockPairs.Takes(path, bits, block, width))
            {
                corrections = new int[x.Length / 8];
                Int4BlockPairs.LaneBiases(path, layout, corrections);
            }
        }
        else
        {
            x.CopyTo(layout, 0);
        }

        int[] targets = [.. Enumerable.Range(0, count).Select(k => (k * 5) % (count + 3)).Distinct()];
        int rows = targets.Length;
        float[] result = [.. Enumerable.Repeat(float.NaN, count + 3)];

        // The data ends at the last row, so the rows before it read their last chunk whole and the last ones sum its
        // columns one at a time: both ways are checked.
        IntegerRowDots.Scatter(path, data.AsSpan(0, rows * rowBytes), rowBytes, width, bits, block, scales, layout, corrections, inputScale, targets, result);

        for (int k = 0; k < rows; k++)
        {
            double integer = 0, decoded = 0, l1 = 0, magnitude = 0;
            for (int b = 0; b < blocks; b++)
            {
                long sum = 0;
                for (int j = b * block; j < Math.Min(width, (b + 1) * block); j++)
                {
                    int v = q[(k * width) + j];
                    sum += v * x[j];
                    double w = (double)scales[(k * blocks) + b] * v;
                    decoded += w * t[j];
                    l1 += Math.Abs(w);
                    magnitude += Math.Abs(w * x[j]);
                }

                integer += (double)scales[(k * blocks) + b] * sum;
            }

            integer *= inputScale;
            magnitude *= inputScale;
            float actual = result[targets[k]];
            string where = $"{path}, {bits} bits, width {width}, block {block}, row {k} of {rows}";
            Assert.True(Math.Abs(actual - integer) <= 1e-5 * (1 + magnitude), $"{where}: {actual} vs the integer sum {integer}");
            double bound = (0.5 * inputScale * l1 * (1 + 1e-6)) + (1e-5 * (1 + magnitude));
            Assert.True(Math.Abs(actual - decoded) <= bound, $"{where}: {actual} vs decoded {decoded}, bound {bound}");
        }

        Assert.All(Enumerable.Range(0, result.Length).Except(targets), i => Assert.True(float.IsNaN(result[i])));
    }
}
