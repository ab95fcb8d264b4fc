using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

#if !NET9_0_OR_GREATER
// .NET 8 marks AvxVnni as a preview API; IntegerPaths never picks this path there, so these calls are never reached.
#pragma warning disable CA2252
#endif

namespace GroupReduce.Runtime.Kernels;

/// <summary>
/// AVX-VNNI: <c>vpdpbusd</c> multiplies unsigned by signed bytes and adds groups of four straight into 32-bit sums,
/// one instruction where AVX2 takes two. Operands as in <see cref="IntegerDotsAvx2"/>.
/// </summary>
internal readonly struct IntegerDotsVnni : IIntegerDots<Vector256<int>>
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
        return AvxVnni.MultiplyWideningAndAdd(sum, Avx2.Abs(qv), Avx2.Sign(Vector256.LoadUnsafe(ref x), qv));
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Int4Biased(Vector256<int> sum, ref byte packed, ref sbyte x)
    {
        Vector256<byte> flipped = Vector256.LoadUnsafe(ref packed) ^ Vector256.Create((byte)0x88);
        Vector256<byte> mask = Vector256.Create((byte)0x0F);
        Vector256<byte> low = flipped & mask;
        Vector256<byte> high = Vector256.ShiftRightLogical(flipped.AsUInt16(), 4).AsByte() & mask;
        sum = AvxVnni.MultiplyWideningAndAdd(sum, low, Vector256.LoadUnsafe(ref x));
        return AvxVnni.MultiplyWideningAndAdd(sum, high, Vector256.LoadUnsafe(ref x, 32));
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Total(Vector256<int> sum) => Vector256.Sum(sum);
}
