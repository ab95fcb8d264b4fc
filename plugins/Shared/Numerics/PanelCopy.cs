using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GroupReduce.Plugins.Numerics;

/// <summary>The small copies and transposes that packing is made of, vectorised where the hardware allows.</summary>
internal static unsafe class PanelCopy
{
    /// <summary>Copies <paramref name="count"/> elements; short runs use overlapping 32-byte moves instead of a general copy.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">Source.</param>
    /// <param name="destination">Destination (not overlapping the source).</param>
    /// <param name="count">Elements.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy<T>(T* source, T* destination, int count)
        where T : unmanaged
    {
        int bytes = count * sizeof(T);
        byte* from = (byte*)source;
        byte* to = (byte*)destination;
        if (bytes >= 32 && Vector256.IsHardwareAccelerated)
        {
            int offset = 0;
            for (; offset + 32 <= bytes; offset += 32)
            {
                Vector256.Store(Vector256.Load(from + offset), to + offset);
            }

            if (offset < bytes)
            {
                // The last block overlaps the previous one; the overlapping bytes get the same values.
                Vector256.Store(Vector256.Load(from + bytes - 32), to + bytes - 32);
            }

            return;
        }

        Buffer.MemoryCopy(source, destination, bytes, bytes);
    }

    /// <summary>Whether <see cref="Transpose8x8"/> runs on this machine.</summary>
    public static bool CanTranspose => Avx.IsSupported;

    /// <summary>
    /// Writes the 8 x 8 block at <paramref name="source"/> (row stride <paramref name="sourceStride"/>) transposed:
    /// column <c>q</c> of the block goes to <c>destination + q * destinationStride</c>.
    /// </summary>
    /// <param name="source">The block's first element.</param>
    /// <param name="sourceStride">Distance between the block's rows.</param>
    /// <param name="destination">Where column 0 goes.</param>
    /// <param name="destinationStride">Distance between written columns.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose8x8(float* source, nint sourceStride, float* destination, nint destinationStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(source);
        Vector256<float> r1 = Avx.LoadVector256(source + sourceStride);
        Vector256<float> r2 = Avx.LoadVector256(source + (2 * sourceStride));
        Vector256<float> r3 = Avx.LoadVector256(source + (3 * sourceStride));
        Vector256<float> r4 = Avx.LoadVector256(source + (4 * sourceStride));
        Vector256<float> r5 = Avx.LoadVector256(source + (5 * sourceStride));
        Vector256<float> r6 = Avx.LoadVector256(source + (6 * sourceStride));
        Vector256<float> r7 = Avx.LoadVector256(source + (7 * sourceStride));

        Vector256<float> t0 = Avx.UnpackLow(r0, r1);
        Vector256<float> t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3);
        Vector256<float> t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5);
        Vector256<float> t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7);
        Vector256<float> t7 = Avx.UnpackHigh(r6, r7);

        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44);
        Vector256<float> u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44);
        Vector256<float> u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44);
        Vector256<float> u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44);
        Vector256<float> u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(destination, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(destination + destinationStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(destination + (2 * destinationStride), Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(destination + (3 * destinationStride), Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(destination + (4 * destinationStride), Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(destination + (5 * destinationStride), Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(destination + (6 * destinationStride), Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(destination + (7 * destinationStride), Avx.Permute2x128(u3, u7, 0x31));
    }
}
