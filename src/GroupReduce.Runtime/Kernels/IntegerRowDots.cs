using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GroupReduce.Runtime.Kernels;

/// <summary>
/// Logits of integer parts in integers: the input vector <c>t</c> is quantized once per call to int8 with one scale
/// (<c>max|t| / 127</c>), each row's values are multiplied with it in 32-bit integer sums per scale block, and the
/// float scales are applied once per block: <c>z = s_x · Σ_b s_b · Σ_{j∈b} q_j x_j</c>. Int4 nibbles are unpacked in
/// registers, against a copy of <c>x</c> whose chunks hold the even columns and then the odd ones.
/// </summary>
/// <remarks>
/// Against decoding the row to float, the only new error is the rounding of <c>t</c>:
/// <c>|z − z_float| ≤ (s_x / 2) · Σ_j |s_b q_j|</c> (plus float rounding of the few per-block products).
/// </remarks>
internal static class IntegerRowDots
{
    /// <summary>The largest magnitude of the quantized input.</summary>
    public const int InputLimit = 127;

    /// <summary>Columns one chunk of <paramref name="path"/> covers for <paramref name="bits"/>-bit rows.</summary>
    /// <param name="path">The path.</param>
    /// <param name="bits">8 or 4.</param>
    /// <returns>The columns.</returns>
    public static int ChunkColumns(IntegerPath path, int bits) =>
        (path is IntegerPath.Avx2 or IntegerPath.AvxVnni ? 32 : 16) * (bits == 4 ? 2 : 1);

    /// <summary>Whether integer dot products can take rows of these bits (8 and 4 only; other widths decode to float).</summary>
    /// <param name="bits">Bits per value.</param>
    /// <returns>True for 8 and 4.</returns>
    public static bool Takes(int bits) => bits is 8 or 4;

    /// <summary>
    /// The path to run a part on, starting from <paramref name="preferred"/>: chunks must not straddle scale blocks, so
    /// a block must be the whole row or a multiple of the chunk; a 256-bit path steps down to 128 bits for narrower
    /// blocks (int4's default 32 columns). Null when neither fits: the part is decoded to float instead.
    /// </summary>
    /// <param name="preferred">The widest path to use.</param>
    /// <param name="bits">8 or 4.</param>
    /// <param name="block">Columns per scale.</param>
    /// <param name="columns">Columns per row.</param>
    /// <returns>The path, or null.</returns>
    public static IntegerPath? Fit(IntegerPath preferred, int bits, int block, int columns)
    {
        if (Int4BlockPairs.Takes(preferred, bits, block, columns))
        {
            return preferred;
        }

        bool wide = preferred is IntegerPath.Avx2 or IntegerPath.AvxVnni;
        IntegerPath narrower = IntegerPaths.IsSupported(IntegerPath.Ssse3) ? IntegerPath.Ssse3 : IntegerPath.Vector128;

        // Short rows (a rare group's rank) are padded to whole chunks: a 128-bit chunk wastes less of them.
        if (wide && Fits(narrower, bits, block, columns) && PaddedColumns(columns, ChunkColumns(narrower, bits)) < PaddedColumns(columns, ChunkColumns(preferred, bits)))
        {
            return narrower;
        }

        if (Fits(preferred, bits, block, columns))
        {
            return preferred;
        }

        return wide && Fits(narrower, bits, block, columns) ? narrower : null;
    }

    /// <summary>
    /// Quantizes <paramref name="t"/> to <c>round(t_j / s)</c> with <c>s = max|t| / 127</c>. Returns NaN when
    /// <paramref name="t"/> holds a NaN or an infinity (the caller decodes to float then, so such values propagate as
    /// they would there), and 0 (with every value 0) when <paramref name="t"/> is all zeros.
    /// </summary>
    /// <param name="t">The input.</param>
    /// <param name="destination">At least <c>t.Length</c> values.</param>
    /// <returns>The scale <c>s</c>.</returns>
    public static float Quantize(ReadOnlySpan<float> t, Span<sbyte> destination)
    {
        float max = t.IsEmpty ? 0 : TensorPrimitives.MaxMagnitude(t);
        max = MathF.Abs(max);
        if (!float.IsFinite(max))
        {
            return float.NaN;
        }

        if (max == 0)
        {
            destination[..t.Length].Clear();
            return 0;
        }

        float inverse = InputLimit / max;
        for (int j = 0; j < t.Length; j++)
        {
            // |t_j| · 127 / max can round a hair above 127; the clamp keeps the kernels' no-overflow argument.
            destination[j] = (sbyte)Math.Clamp((int)MathF.Round(t[j] * inverse), -InputLimit, InputLimit);
        }

        return max / InputLimit;
    }

    /// <summary>
    /// The int4 layout of a quantized input: each chunk of <paramref name="chunkColumns"/> holds its even columns, then
    /// its odd ones (the low and the high nibbles of the chunk's packed bytes).
    /// </summary>
    /// <param name="x">The quantized input in column order, zero-padded to whole chunks.</param>
    /// <param name="chunkColumns">Columns per chunk (even).</param>
    /// <param name="destination">At least <c>x.Length</c> values.</param>
    public static void Deinterleave(ReadOnlySpan<sbyte> x, int chunkColumns, Span<sbyte> destination)
    {
        int half = chunkColumns / 2;
        if (x.Length % chunkColumns != 0)
        {
            throw new ArgumentException("The input is not padded to whole chunks.", nameof(x));
        }

        for (int c = 0; c < x.Length; c += chunkColumns)
        {
            for (int i = 0; i < half; i++)
            {
                destination[c + i] = x[c + (2 * i)];
                destination[c + half + i] = x[c + (2 * i) + 1];
            }
        }
    }

    /// <summary>
    /// For int4: <c>8 · Σ x_j</c> over each scale block, which the kernel's flipped nibbles (<c>n ⊕ 8 = q + 8</c>, in
    /// whole chunks and in the tail alike) add on top of <c>Σ q_j x_j</c>.
    /// </summary>
    /// <param name="x">The quantized input in column order.</param>
    /// <param name="block">Columns per scale.</param>
    /// <param name="destination">One value per block.</param>
    public static void Int4Corrections(ReadOnlySpan<sbyte> x, int block, Span<int> destination)
    {
        int columns = x.Length;
        int blocks = BlockCount(columns, block);
        for (int b = 0; b < blocks; b++)
        {
            int start = b * block;
            int end = Math.Min(columns, start + block);
            int sum = 0;
            for (int j = start; j < end; j++)
            {
                sum += x[j];
            }

            destination[b] = 8 * sum;
        }
    }

    /// <summary>The columns a padded input covers: <paramref name="columns"/> rounded up to whole chunks.</summary>
    /// <param name="columns">Columns.</param>
    /// <param name="chunkColumns">Columns per chunk.</param>
    /// <returns>The padded count.</returns>
    public static int PaddedColumns(int columns, int chunkColumns) => (columns + chunkColumns - 1) / chunkColumns * chunkColumns;

    /// <summary>Scale blocks per row.</summary>
    /// <param name="columns">Columns.</param>
    /// <param name="block">Columns per scale.</param>
    /// <returns>The count.</returns>
    public static int BlockCount(int columns, int block) => columns == 0 ? 0 : ((columns - 1) / block) + 1;

    /// <summary><c>result[targets[k]] = s_x · Σ_b scales[k, b] · Σ_{j∈b} q_kj x_j</c> for rows of 8 or 4 bits.</summary>
    /// <param name="path">A path <see cref="Fit"/> chose for the part.</param>
    /// <param name="data">The rows, <paramref name="rowBytes"/> each (int8, or int4 packed low nibble first).</param>
    /// <param name="rowBytes">Bytes per row.</param>
    /// <param name="columns">Values per row.</param>
    /// <param name="bits">8 or 4.</param>
    /// <param name="block">Columns per scale.</param>
    /// <param name="scales">The rows' scales as float, <see cref="BlockCount"/> per row.</param>
    /// <param name="x">
    /// The quantized input, zero-padded to <see cref="PaddedColumns"/> for the path's chunk: column order for int8,
    /// <see cref="Deinterleave"/>d for int4.
    /// </param>
    /// <param name="corrections">
    /// For int4, <see cref="Int4Corrections"/> (or, for the parts <see cref="Int4BlockPairs"/> takes, its lane biases);
    /// ignored for int8.
    /// </param>
    /// <param name="inputScale">The input's scale.</param>
    /// <param name="targets">Where each row's product goes.</param>
    /// <param name="result">The products.</param>
    public static void Scatter(IntegerPath path, ReadOnlySpan<byte> data, int rowBytes, int columns, int bits, int block, ReadOnlySpan<float> scales, ReadOnlySpan<sbyte> x, ReadOnlySpan<int> corrections, float inputScale, ReadOnlySpan<int> targets, Span<float> result)
    {
        int blocks = BlockCount(columns, block);
        if (data.Length < (long)targets.Length * rowBytes || scales.Length < (long)targets.Length * blocks || x.Length < PaddedColumns(columns, ChunkColumns(path, bits))
            || rowBytes < ((columns * bits) + 7) / 8 || (bits == 4 && corrections.Length < blocks && !Int4BlockPairs.Takes(path, bits, block, columns)) || !Takes(bits) || !Fits(path, bits, block, columns))
        {
            throw new ArgumentException("The rows, scales or input are shorter than the shape, or the path does not fit the blocks.");
        }

        if (Int4BlockPairs.Takes(path, bits, block, columns))
        {
            Int4BlockPairs.Scatter(path, data, rowBytes, columns, scales, x, corrections, inputScale, targets, result);
            return;
        }

        switch (path)
        {
            case IntegerPath.AvxVnni:
                Scatter<IntegerDotsVnni, Vector256<int>>(data, rowBytes, columns, bits, block, scales, x, corrections, inputScale, targets, result);
                break;
            case IntegerPath.Avx2:
                Scatter<IntegerDotsAvx2, Vector256<int>>(data, rowBytes, columns, bits, block, scales, x, corrections, inputScale, targets, result);
                break;
            case IntegerPath.Ssse3:
                Scatter<IntegerDotsSsse3, Vector128<int>>(data, rowBytes, columns, bits, block, scales, x, corrections, inputScale, targets, result);
                break;
            case IntegerPath.Vector128:
                Scatter<IntegerDotsVector128, Vector128<int>>(data, rowBytes, columns, bits, block, scales, x, corrections, inputScale, targets, result);
                break;
            default:
                Scatter<IntegerDotsScalar, int>(data, rowBytes, columns, bits, block, scales, x, corrections, inputScale, targets, result);
                break;
        }
    }

    private static bool Fits(IntegerPath path, int bits, int block, int columns) =>
        block >= columns || block % ChunkColumns(path, bits) == 0 || Int4BlockPairs.Takes(path, bits, block, columns);

    // Four rows at a time share each load of x; per scale block, each row's chunks add into an int32 accumulator that is
    // totalled and scaled once. Only the last block can end in a partial chunk (blocks are whole chunks or the whole
    // row). Rows whose last chunk can be read whole inside the data run it whole, against the input's zero padding (the
    // next row's bytes it reads meet zeros); the last rows of the data sum those columns one at a time instead.
    private static void Scatter<TDots, TSum>(ReadOnlySpan<byte> data, int rowBytes, int columns, int bits, int block, ReadOnlySpan<float> scales, ReadOnlySpan<sbyte> x, ReadOnlySpan<int> corrections, float inputScale, ReadOnlySpan<int> targets, Span<float> result)
        where TDots : struct, IIntegerDots<TSum>
        where TSum : struct
    {
        int count = targets.Length;
        int chunk = TDots.Bytes * (bits == 4 ? 2 : 1);
        int padded = PaddedColumns(columns, chunk);
        int paddedBytes = padded * bits / 8;
        int wholeRows = data.Length < paddedBytes ? 0 : Math.Min(count, ((data.Length - paddedBytes) / rowBytes) + 1);
        Rows<TDots, TSum>(data, rowBytes, columns, bits, block, scales, x, corrections, inputScale, targets, result, 0, wholeRows, true);
        Rows<TDots, TSum>(data, rowBytes, columns, bits, block, scales, x, corrections, inputScale, targets, result, wholeRows, count, false);
    }

    private static void Rows<TDots, TSum>(ReadOnlySpan<byte> data, int rowBytes, int columns, int bits, int block, ReadOnlySpan<float> scales, ReadOnlySpan<sbyte> x, ReadOnlySpan<int> corrections, float inputScale, ReadOnlySpan<int> targets, Span<float> result, int from, int to, bool whole)
        where TDots : struct, IIntegerDots<TSum>
        where TSum : struct
    {
        int blocks = BlockCount(columns, block);
        int chunk = TDots.Bytes * (bits == 4 ? 2 : 1);
        bool int4 = bits == 4;
        ref byte rows = ref MemoryMarshal.GetReference(data);
        ref sbyte xx = ref MemoryMarshal.GetReference(x);
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
            float za = 0, zb = 0, zc = 0, zd = 0;
            for (int s = 0; s < blocks; s++)
            {
                int start = s * block;
                int end = Math.Min(columns, start + block);
                int chunked = start + ((whole ? end - start + chunk - 1 : end - start) / chunk * chunk);
                TSum ia = TDots.Zero, ib = TDots.Zero, ic = TDots.Zero, id = TDots.Zero;
                if (int4)
                {
                    for (int j = start; j < chunked; j += chunk)
                    {
                        ref sbyte xj = ref Unsafe.Add(ref xx, j);
                        int at = j >> 1;
                        ia = TDots.Int4Biased(ia, ref Unsafe.Add(ref a, at), ref xj);
                        ib = TDots.Int4Biased(ib, ref Unsafe.Add(ref b, at), ref xj);
                        ic = TDots.Int4Biased(ic, ref Unsafe.Add(ref c, at), ref xj);
                        id = TDots.Int4Biased(id, ref Unsafe.Add(ref d, at), ref xj);
                    }
                }
                else
                {
                    for (int j = start; j < chunked; j += chunk)
                    {
                        ref sbyte xj = ref Unsafe.Add(ref xx, j);
                        ia = TDots.Int8(ia, ref Unsafe.As<byte, sbyte>(ref Unsafe.Add(ref a, j)), ref xj);
                        ib = TDots.Int8(ib, ref Unsafe.As<byte, sbyte>(ref Unsafe.Add(ref b, j)), ref xj);
                        ic = TDots.Int8(ic, ref Unsafe.As<byte, sbyte>(ref Unsafe.Add(ref c, j)), ref xj);
                        id = TDots.Int8(id, ref Unsafe.As<byte, sbyte>(ref Unsafe.Add(ref d, j)), ref xj);
                    }
                }

                int bias = int4 ? corrections[s] : 0;
                if (chunked >= end)
                {
                    za += Unsafe.Add(ref sa, s) * (TDots.Total(ia) - bias);
                    zb += Unsafe.Add(ref sb, s) * (TDots.Total(ib) - bias);
                    zc += Unsafe.Add(ref sc, s) * (TDots.Total(ic) - bias);
                    zd += Unsafe.Add(ref sd, s) * (TDots.Total(id) - bias);
                }
                else
                {
                    za += Unsafe.Add(ref sa, s) * (TDots.Total(ia) - bias + Tail(ref a, bits, chunked, end, ref xx, chunk / 2));
                    zb += Unsafe.Add(ref sb, s) * (TDots.Total(ib) - bias + Tail(ref b, bits, chunked, end, ref xx, chunk / 2));
                    zc += Unsafe.Add(ref sc, s) * (TDots.Total(ic) - bias + Tail(ref c, bits, chunked, end, ref xx, chunk / 2));
                    zd += Unsafe.Add(ref sd, s) * (TDots.Total(id) - bias + Tail(ref d, bits, chunked, end, ref xx, chunk / 2));
                }
            }

            result[targets[k]] = za * inputScale;
            result[targets[k + 1]] = zb * inputScale;
            result[targets[k + 2]] = zc * inputScale;
            result[targets[k + 3]] = zd * inputScale;
        }

        for (; k < to; k++)
        {
            ref byte a = ref Unsafe.Add(ref rows, k * rowBytes);
            ref float sa = ref Unsafe.Add(ref scale, k * blocks);
            float za = 0;
            for (int s = 0; s < blocks; s++)
            {
                int start = s * block;
                int end = Math.Min(columns, start + block);
                int chunked = start + ((whole ? end - start + chunk - 1 : end - start) / chunk * chunk);
                TSum ia = TDots.Zero;
                for (int j = start; j < chunked; j += chunk)
                {
                    ia = int4
                        ? TDots.Int4Biased(ia, ref Unsafe.Add(ref a, j >> 1), ref Unsafe.Add(ref xx, j))
                        : TDots.Int8(ia, ref Unsafe.As<byte, sbyte>(ref Unsafe.Add(ref a, j)), ref Unsafe.Add(ref xx, j));
                }

                int bias = int4 ? corrections[s] : 0;
                za += Unsafe.Add(ref sa, s) * (TDots.Total(ia) - bias + (chunked >= end ? 0 : Tail(ref a, bits, chunked, end, ref xx, chunk / 2)));
            }

            result[targets[k]] = za * inputScale;
        }
    }

    // The columns after the last whole chunk, one at a time. The int4 input is deinterleaved in its padded last chunk
    // too (column from + i sits at from + i/2, or from + half + i/2 when odd), and the nibbles are flipped as in the
    // chunks (n ⊕ 8 = q + 8), so one per-block bias covers both.
    private static int Tail(ref byte row, int bits, int from, int to, ref sbyte x, int half)
    {
        int sum = 0;
        for (int j = from; j < to; j++)
        {
            int i = j - from;
            sum += bits == 8
                ? Unsafe.As<byte, sbyte>(ref Unsafe.Add(ref row, j)) * Unsafe.Add(ref x, j)
                : (((Unsafe.Add(ref row, j >> 1) >> ((j & 1) * 4)) & 0x0F) ^ 8) * Unsafe.Add(ref x, from + (i >> 1) + ((i & 1) * half));
        }

        return sum;
    }
}
