using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GroupReduce.Plugins.Numerics;

/// <summary>A fused multiply-add on 512-bit vectors of float or double, resolved at JIT time.</summary>
internal static class Fma512
{
    /// <summary>Returns <c>x * y + acc</c> with one rounding.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="x">A factor.</param>
    /// <param name="y">The other factor.</param>
    /// <param name="acc">The addend.</param>
    /// <returns>The fused result.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Apply<T>(Vector512<T> x, Vector512<T> y, Vector512<T> acc)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        }

        return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
    }
}
