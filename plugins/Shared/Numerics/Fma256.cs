using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GroupReduce.Plugins.Numerics;

/// <summary>A fused multiply-add on 256-bit vectors of float or double, resolved at JIT time.</summary>
internal static class Fma256
{
    /// <summary>Returns <c>x * y + acc</c> with one rounding.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="x">A factor.</param>
    /// <param name="y">The other factor.</param>
    /// <param name="acc">The addend.</param>
    /// <returns>The fused result.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Apply<T>(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        }

        return Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
    }
}
