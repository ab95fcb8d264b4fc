using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GroupReduce.Runtime.Kernels;

namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// The decode loop that the 16-bit float formats share: check the lengths, widen 512 or 256 bits of stored values at
/// a time and convert them with the format's <see cref="IHalfWordConversion"/>, then hand it the rest.
/// </summary>
internal static class HalfWordDecoding
{
    /// <summary>Decodes <c>destination.Length</c> values on the widest path not wider than <paramref name="path"/>.</summary>
    /// <typeparam name="TConversion">The format (a struct, so the JIT specialises the loop for it).</typeparam>
    /// <param name="source">The stored values, two bytes each.</param>
    /// <param name="destination">Receives the floats.</param>
    /// <param name="path">The widest vectors to use.</param>
    public static void Decode<TConversion>(ReadOnlySpan<byte> source, Span<float> destination, VectorPath path)
        where TConversion : struct, IHalfWordConversion
    {
        ReadOnlySpan<ushort> bits = MemoryMarshal.Cast<byte, ushort>(source);
        int count = destination.Length;
        if (bits.Length < count)
        {
            throw new ArgumentException("Source is shorter than destination.", nameof(source));
        }

        ref ushort from = ref MemoryMarshal.GetReference(bits);
        ref float to = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (path >= VectorPath.Vector512)
        {
            for (; i <= count - Vector512<ushort>.Count; i += Vector512<ushort>.Count)
            {
                (Vector512<uint> lower, Vector512<uint> upper) = Vector512.Widen(Vector512.LoadUnsafe(ref from, (nuint)i));
                TConversion.Convert(lower).StoreUnsafe(ref to, (nuint)i);
                TConversion.Convert(upper).StoreUnsafe(ref to, (nuint)(i + Vector512<uint>.Count));
            }
        }
        else if (path >= VectorPath.Vector256)
        {
            for (; i <= count - Vector256<ushort>.Count; i += Vector256<ushort>.Count)
            {
                (Vector256<uint> lower, Vector256<uint> upper) = Vector256.Widen(Vector256.LoadUnsafe(ref from, (nuint)i));
                TConversion.Convert(lower).StoreUnsafe(ref to, (nuint)i);
                TConversion.Convert(upper).StoreUnsafe(ref to, (nuint)(i + Vector256<uint>.Count));
            }
        }

        if (i < count)
        {
            TConversion.ConvertRest(bits.Slice(i, count - i), destination[i..], path);
        }
    }
}
