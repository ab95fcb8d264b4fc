using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GroupReduce.Runtime.Kernels;

/// <summary>
/// AVX2: <c>vpmaddubsw</c> multiplies unsigned by signed bytes into 16-bit pair sums and <c>vpmaddwd</c> by ones widens
/// them to 32 bits. Int8 rows go in as <c>|q|</c> against <c>x · sign(q)</c>, so −128 is exact and a pair sum stays
/// within 2·128·127 (no saturation); int4 nibbles, flipped to 0–15, pair with x as they are.
/// </summary>
internal readonly struct IntegerDotsAvx2 : IIntegerDots<Vector256<int>>
{
    /// <inheritdoc />
    public static int Bytes => 32;

    /// <inheritdoc />
    public static Vector256<int> Zero => Vector256<int>.Zero;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Int8(Vector256<int> sum, ref sbyte q, ref sbyte x)
    {
        Vector256<sbyte> qv = Vector256.LoadUnsafe(ref q);
        Vector256<short> pairs = Avx2.MultiplyAddAdjacent(Avx2.Abs(qv), Avx2.Sign(Vector256.LoadUnsafe(ref x), qv));
        return Avx2.Add(sum, Avx2.MultiplyAddAdjacent(pairs, Vector256.Create((short)1)));
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Int4Biased(Vector256<int> sum, ref byte packed, ref sbyte x)
    {
        Vector256<byte> flipped = Vector256.LoadUnsafe(ref packed) ^ Vector256.Create((byte)0x88);
        Vector256<byte> mask = Vector256.Create((byte)0x0F);
        Vector256<byte> low = flipped & mask;
        Vector256<byte> high = Vector256.ShiftRightLogical(flipped.AsUInt16(), 4).AsByte() & mask;
        Vector256<short> pairs = Avx2.Add(
            Avx2.MultiplyAddAdjacent(low, Vector256.LoadUnsafe(ref x)),
            Avx2.MultiplyAddAdjacent(high, Vector256.LoadUnsafe(ref x, 32)));
        return Avx2.Add(sum, Avx2.MultiplyAddAdjacent(pairs, Vector256.Create((short)1)));
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Total(Vector256<int> sum) => Vector256.Sum(sum);
}
