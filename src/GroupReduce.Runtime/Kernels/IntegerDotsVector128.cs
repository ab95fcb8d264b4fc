using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GroupReduce.Runtime.Kernels;

/// <summary>
/// Portable <c>Vector128</c>: bytes widened to 16 bits and multiplied there (a product of an int8 by |x| ≤ 127 and the
/// sum of two fit in 16 bits), then widened to 32-bit sums. For machines without the x86 byte multiply-adds.
/// </summary>
internal readonly struct IntegerDotsVector128 : IIntegerDots<Vector128<int>>
{
    /// <inheritdoc />
    public static int Bytes => 16;

    /// <inheritdoc />
    public static Vector128<int> Zero => Vector128<int>.Zero;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Int8(Vector128<int> sum, ref sbyte q, ref sbyte x)
    {
        (Vector128<short> qLow, Vector128<short> qHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref q));
        (Vector128<short> xLow, Vector128<short> xHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref x));
        (Vector128<int> low, Vector128<int> high) = Vector128.Widen((qLow * xLow) + (qHigh * xHigh));
        return sum + low + high;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Int4Biased(Vector128<int> sum, ref byte packed, ref sbyte x)
    {
        Vector128<byte> flipped = Vector128.LoadUnsafe(ref packed) ^ Vector128.Create((byte)0x88);
        Vector128<byte> mask = Vector128.Create((byte)0x0F);
        (Vector128<ushort> lowA, Vector128<ushort> lowB) = Vector128.Widen(flipped & mask);
        (Vector128<ushort> highA, Vector128<ushort> highB) = Vector128.Widen(Vector128.ShiftRightLogical(flipped.AsUInt16(), 4).AsByte() & mask);
        (Vector128<short> evenA, Vector128<short> evenB) = Vector128.Widen(Vector128.LoadUnsafe(ref x));
        (Vector128<short> oddA, Vector128<short> oddB) = Vector128.Widen(Vector128.LoadUnsafe(ref x, 16));

        // Four products of at most 15 · 127 each: 7620, well inside 16 bits.
        Vector128<short> products = (lowA.AsInt16() * evenA) + (lowB.AsInt16() * evenB) + (highA.AsInt16() * oddA) + (highB.AsInt16() * oddB);
        (Vector128<int> low, Vector128<int> high) = Vector128.Widen(products);
        return sum + low + high;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Total(Vector128<int> sum) => Vector128.Sum(sum);
}
