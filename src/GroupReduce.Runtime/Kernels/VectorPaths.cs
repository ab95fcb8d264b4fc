using System.Runtime.Intrinsics;

namespace GroupReduce.Runtime.Kernels;

/// <summary>What this machine runs natively, for choosing a <see cref="VectorPath"/>.</summary>
internal static class VectorPaths
{
    /// <summary>
    /// The widest path the hardware accelerates. A static readonly field, so the optimised code sees a constant and
    /// drops the other branches, as it would for a direct <c>IsHardwareAccelerated</c> test.
    /// </summary>
    public static readonly VectorPath Best = Vector512.IsHardwareAccelerated ? VectorPath.Vector512
        : Vector256.IsHardwareAccelerated ? VectorPath.Vector256
        : Vector128.IsHardwareAccelerated ? VectorPath.Vector128
        : VectorPath.Scalar;

    /// <summary>Every path this machine runs natively, narrowest first (the ones a test of a width-generic kernel can force).</summary>
    public static IReadOnlyList<VectorPath> Supported { get; } = [.. Enum.GetValues<VectorPath>().Where(IsSupported)];

    /// <summary>Whether the hardware accelerates <paramref name="path"/> (a forced path it does not would run emulated).</summary>
    /// <param name="path">The path.</param>
    /// <returns>True when it does.</returns>
    public static bool IsSupported(VectorPath path) => path switch
    {
        VectorPath.Vector512 => Vector512.IsHardwareAccelerated,
        VectorPath.Vector256 => Vector256.IsHardwareAccelerated,
        VectorPath.Vector128 => Vector128.IsHardwareAccelerated,
        _ => true,
    };
}
