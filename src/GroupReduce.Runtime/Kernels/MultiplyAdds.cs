using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
#if !NET9_0_OR_GREATER
using System.Runtime.Intrinsics.X86;
#endif

namespace GroupReduce.Runtime.Kernels;

/// <summary>
/// <c>a · b + addend</c>, fused where the hardware fuses. On .NET 9 and later this is the BCL's
/// <c>MultiplyAddEstimate</c>; .NET 8 has none, so its build picks the x86 FMA instruction itself when the machine has it
/// (the same instruction <c>MultiplyAddEstimate</c> emits there, hence the same sums) and a multiply then an add elsewhere.
/// </summary>
internal static class MultiplyAdds
{
    /// <summary>The 256-bit estimate.</summary>
    /// <param name="a">The first factor.</param>
    /// <param name="b">The second factor.</param>
    /// <param name="addend">What is added to the product.</param>
    /// <returns><c>a · b + addend</c>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Estimate(Vector256<float> a, Vector256<float> b, Vector256<float> addend)
    {
#if NET9_0_OR_GREATER
        return Vector256.MultiplyAddEstimate(a, b, addend);
#else
        return Fma.IsSupported ? Fma.MultiplyAdd(a, b, addend) : (a * b) + addend;
#endif
    }

    /// <summary>The 512-bit estimate.</summary>
    /// <param name="a">The first factor.</param>
    /// <param name="b">The second factor.</param>
    /// <param name="addend">What is added to the product.</param>
    /// <returns><c>a · b + addend</c>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Estimate(Vector512<float> a, Vector512<float> b, Vector512<float> addend)
    {
#if NET9_0_OR_GREATER
        return Vector512.MultiplyAddEstimate(a, b, addend);
#else
        return Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, addend) : (a * b) + addend;
#endif
    }
}
