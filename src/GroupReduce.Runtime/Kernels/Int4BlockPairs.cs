using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GroupReduce.Runtime.Kernels;

/// <summary>
/// Int4 rows with int4's default block of 32 columns on the 256-bit paths. A 64-column chunk spans two scale blocks,
/// and its eight 32-bit sums split cleanly between them (sums 0–3 cover columns 0–31, sums 4–7 columns 32–63), so
/// instead of totalling each block the kernel scales the sums lane by lane — <c>(s_a ×4, s_b ×4)</c> — into a float
/// accumulator totalled once per row. The flipped-nibble bias is removed lane by lane too, from the sums of a zero row.
/// </summary>
internal static class Int4BlockPairs
{
    private const int Chunk = 64;
    private const int Block = 32;

    /// <summary>Whether a part runs here: a 256-bit path, 4 bits, blocks of 32 and rows longer than one block.</summary>
    /// <param name="path">The path.</param>
    /// <param name="bits">Bits per value.</param>
    /// <param name="block">Columns per scale.</param>
    /// <param name="columns">Columns per row.</param>
    /// <returns>True when it does.</returns>
    public static bool Takes(IntegerPath path, int bits, int block, int columns) =>
        path is IntegerPath.Avx2 or IntegerPath.AvxVnni && bits == 4 && block == Block && columns > Block;

    /// <summary>The per-lane biases: for each chunk, the eight sums a row of zero nibbles gives (<c>8 · x</c> per lane).</summary>
    /// <param name="path">A 256-bit path.</param>
    /// <param name="x">The deinterleaved input, padded to whole chunks of 64.</param>
    /// <param name="destination">Eight values per chunk.</param>
    public static void LaneBiases(IntegerPath path, ReadOnlySpan<sbyte> x, Span<int> destination)
    {
        if (path == IntegerPath.AvxVnni)
        {
            LaneBiases<IntegerDotsVnni>(x, destination);
        }
        else
        {
            LaneBiases<IntegerDotsAvx2>(x, destination);
        }
    }

    /// <summary>As <see cref="IntegerRowDots.Scatter"/>, for the parts <see cref="Takes"/> accepts.</summary>
    /// <param name="path">A 256-bit path.</param>
    /// <param name="data">The rows.</param>
    /// <param name="rowBytes">Bytes per row.</param>
    /// <param name="columns">Values per row.</param>
    /// <param name="scales">The rows' scales.</param>
    /// <param name="x">The deinterleaved input, padded to whole chunks of 64.</param>
    /// <param name="biases">From <see cref="LaneBiases"/>.</param>
    /// <param name="inputScale">The input's scale.</param>
    /// <param name="targets">Where each row's product goes.</param>
    /// <param name="result">The products.</param>
    public static void Scatter(IntegerPath path, ReadOnlySpan<byte> data, int rowBytes, int columns, ReadOnlySpan<float> scales, ReadOnlySpan<sbyte> x, ReadOnlySpan<int> biases, float inputScale, ReadOnlySpan<int> targets, Span<float> result)
    {
        int padded = IntegerRowDots.PaddedColumns(columns, Chunk);
        if (biases.Length < padded / 8)
        {
            throw new ArgumentException("The lane biases are shorter than the input.", nameof(biases));
        }

        int paddedBytes = padded / 2;
        int wholeRows = data.Length < paddedBytes ? 0 : Math.Min(targets.Length, ((data.Length - paddedBytes) / rowBytes) + 1);
        if (path == IntegerPath.AvxVnni)
        {
            Rows<IntegerDotsVnni>(data, rowBytes, columns, scales, x, biases, inputScale, targets, result, 0, wholeRows, true);
            Rows<IntegerDotsVnni>(data, rowBytes, columns, scales, x, biases, inputScale, targets, result, wholeRows, targets.Length, false);
        }
        else
        {
            Rows<IntegerDotsAvx2>(data, rowBytes, columns, scales, x, biases, inputScale, targets, result, 0, wholeRows, true);
            Rows<IntegerDotsAvx2>(data, rowBytes, columns, scales, x, biases, inputScale, targets, result, wholeRows, targets.Length, false);
        }
    }

    private static void LaneBiases<TDots>(ReadOnlySpan<sbyte> x, Span<int> destination)
        where TDots : struct, IIntegerDots<Vector256<int>>
    {
        Span<byte> zeros = stackalloc byte[32];
        zeros.Clear();
        for (int c = 0; c + Chunk <= x.Length; c += Chunk)
        {
            Vector256<int> biases = TDots.Int4Biased(TDots.Zero, ref MemoryMarshal.GetReference(zeros), ref Unsafe.AsRef(in x[c]));
            biases.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)(c / 8));
        }
    }

    private static void Rows<TDots>(ReadOnlySpan<byte> data, int rowBytes, int columns, ReadOnlySpan<float> scales, ReadOnlySpan<sbyte> x, ReadOnlySpan<int> biases, float inputScale, ReadOnlySpan<int> targets, Span<float> result, int from, int to, bool whole)
        where TDots : struct, IIntegerDots<Vector256<int>>
    {
        int blocks = IntegerRowDots.BlockCount(columns, Block);
        int chunks = whole ? IntegerRowDots.PaddedColumns(columns, Chunk) / Chunk : columns / Chunk;
        ref byte rows = ref MemoryMarshal.GetReference(data);
        ref sbyte xx = ref MemoryMarshal.GetReference(x);
        ref int bias = ref MemoryMarshal.GetReference(biases);
        ref float scale = ref MemoryMarshal.GetReference(scales);
        int k = from;
        for (; k + 4 <= to; k += 4)
        {
            ref byte a = ref Unsafe.Add(ref rows, k * rowBytes);
            ref byte b = ref Unsafe.Add(ref a, rowBytes);
            ref byte c = ref Unsafe.Add(ref b, rowBytes);
            ref byte d = ref Unsafe.Add(ref c, rowBytes);
            ref float sa = ref Unsafe.Add(ref scale, k * blocks);
            ref float sb = ref Unsafe.Add(ref sa, blocks);
            ref float sc = ref Unsafe.Add(ref sb, blocks);
            ref float sd = ref Unsafe.Add(ref sc, blocks);
            Vector256<float> fa = Vector256<float>.Zero, fb = fa, fc = fa, fd = fa;
            for (int n = 0; n < chunks; n++)
            {
                ref sbyte xn = ref Unsafe.Add(ref xx, n * Chunk);
                Vector256<int> laneBias = Vector256.LoadUnsafe(ref bias, (nuint)(n * 8));
                int at = n * (Chunk / 2);
                int s = 2 * n;
                fa = MultiplyAdds.Estimate(Vector256.ConvertToSingle(TDots.Int4Biased(TDots.Zero, ref Unsafe.Add(ref a, at), ref xn) - laneBias), Pair(ref sa, s, blocks), fa);
                fb = MultiplyAdds.Estimate(Vector256.ConvertToSingle(TDots.Int4Biased(TDots.Zero, ref Unsafe.Add(ref b, at), ref xn) - laneBias), Pair(ref sb, s, blocks), fb);
                fc = MultiplyAdds.Estimate(Vector256.ConvertToSingle(TDots.Int4Biased(TDots.Zero, ref Unsafe.Add(ref c, at), ref xn) - laneBias), Pair(ref sc, s, blocks), fc);
                fd = MultiplyAdds.Estimate(Vector256.ConvertToSingle(TDots.Int4Biased(TDots.Zero, ref Unsafe.Add(ref d, at), ref xn) - laneBias), Pair(ref sd, s, blocks), fd);
            }

            int tail = chunks * Chunk;
            result[targets[k]] = (Vector256.Sum(fa) + Tail(ref a, ref sa, tail, columns, ref xx)) * inputScale;
            result[targets[k + 1]] = (Vector256.Sum(fb) + Tail(ref b, ref sb, tail, columns, ref xx)) * inputScale;
            result[targets[k + 2]] = (Vector256.Sum(fc) + Tail(ref c, ref sc, tail, columns, ref xx)) * inputScale;
            result[targets[k + 3]] = (Vector256.Sum(fd) + Tail(ref d, ref sd, tail, columns, ref xx)) * inputScale;
        }

        for (; k < to; k++)
        {
            ref byte a = ref Unsafe.Add(ref rows, k * rowBytes);
            ref float sa = ref Unsafe.Add(ref scale, k * blocks);
            Vector256<float> fa = Vector256<float>.Zero;
            for (int n = 0; n < chunks; n++)
            {
                Vector256<int> sums = TDots.Int4Biased(TDots.Zero, ref Unsafe.Add(ref a, n * (Chunk / 2)), ref Unsafe.Add(ref xx, n * Chunk)) - Vector256.LoadUnsafe(ref bias, (nuint)(n * 8));
                fa = MultiplyAdds.Estimate(Vector256.ConvertToSingle(sums), Pair(ref sa, 2 * n, blocks), fa);
            }

            result[targets[k]] = (Vector256.Sum(fa) + Tail(ref a, ref sa, chunks * Chunk, columns, ref xx)) * inputScale;
        }
    }

    // (s_b ×4, s_{b+1} ×4); past the last block, lanes 4–7 meet only the input's zero padding, so any scale will do.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Pair(ref float scales, int b, int blocks)
    {
        if (b + 1 >= blocks)
        {
            return Vector256.Create(Unsafe.Add(ref scales, b));
        }

        Vector256<float> both = Vector256.Create(Unsafe.ReadUnaligned<double>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref scales, b)))).AsSingle();
        return Avx2.PermuteVar8x32(both, Vector256.Create(0, 0, 0, 0, 1, 1, 1, 1));
    }

    // Columns past the last whole chunk, one at a time (the last rows of a run, whose padded chunk would read past the
    // data); the input is deinterleaved in that chunk too.
    private static float Tail(ref byte row, ref float scales, int from, int to, ref sbyte x)
    {
        float sum = 0;
        for (int j = from; j < to; j++)
        {
            int i = j - from;
            int q = (((Unsafe.Add(ref row, j >> 1) >> ((j & 1) * 4)) & 0x0F) ^ 8) - 8;
            sum += Unsafe.Add(ref scales, j / Block) * q * Unsafe.Add(ref x, from + (i >> 1) + ((i & 1) * (Chunk / 2)));
        }

        return sum;
    }
}
