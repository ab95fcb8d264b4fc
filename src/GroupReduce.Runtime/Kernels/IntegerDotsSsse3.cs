using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GroupReduce.Runtime.Kernels;

/// <summary>SSSE3: the 128-bit twin of <see cref="IntegerDotsAvx2"/> (and the path for int4 blocks of 32 columns).</summary>
internal readonly struct IntegerDotsSsse3 : IIntegerDots<Vector128<int>>
{
    /// <inheritdoc />
    public static int Bytes => 16;

    /// <inheritdoc />
    public static Vector128<int> Zero => Vector128<int>.Zero;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Int8(Vector128<int> sum, ref sbyte q, ref sbyte x)
    {
        Vector128<sbyte> qv = Vector128.LoadUnsafe(ref q);
        Vector128<short> pairs = Ssse3.MultiplyAddAdjacent(Ssse3.Abs(qv), Ssse3.Sign(Vector128.LoadUnsafe(ref x), qv));
        return Sse2.Add(sum, Sse2.MultiplyAddAdjacent(pairs, Vector128.Create((short)1)));
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Int4Biased(Vector128<int> sum, ref byte packed, ref sbyte x)
    {
        Vector128<byte> flipped = Vector128.LoadUnsafe(ref packed) ^ Vector128.Create((byte)0x88);
        Vector128<byte> mask = Vector128.Create((byte)0x0F);
        Vector128<byte> low = flipped & mask;
        Vector128<byte> high = Vector128.ShiftRightLogical(flipped.AsUInt16(), 4).AsByte() & mask;
        Vector128<short> pairs = Sse2.Add(
            Ssse3.MultiplyAddAdjacent(low, Vector128.LoadUnsafe(ref x)),
            Ssse3.MultiplyAddAdjacent(high, Vector128.LoadUnsafe(ref x, 16)));
        return Sse2.Add(sum, Sse2.MultiplyAddAdjacent(pairs, Vector128.Create((short)1)));
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Total(Vector128<int> sum) => Vector128.Sum(sum);
}
