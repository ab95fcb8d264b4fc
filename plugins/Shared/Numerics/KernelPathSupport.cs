using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GroupReduce.Plugins.Numerics;

/// <summary>Detects which kernel paths this machine runs natively.</summary>
internal static class KernelPathSupport
{
    /// <summary>The fastest path this machine supports.</summary>
    public static KernelPath Best => IsSupported(KernelPath.Vector512) ? KernelPath.Vector512
        : IsSupported(KernelPath.Vector256) ? KernelPath.Vector256
        : KernelPath.Scalar;

    /// <summary>Whether <paramref name="path"/> runs on this machine with hardware vectors and FMA.</summary>
    /// <param name="path">The path.</param>
    /// <returns><see langword="true"/> when supported.</returns>
    public static bool IsSupported(KernelPath path) => path switch
    {
        // The runtime reports 512-bit vectors as not accelerated on CPUs where they throttle the clock;
        // the 256-bit path is then the faster one anyway.
        KernelPath.Vector512 => Avx512F.IsSupported && Vector512.IsHardwareAccelerated,
        KernelPath.Vector256 => Vector256.IsHardwareAccelerated && Fma.IsSupported,
        _ => true,
    };

    /// <summary>The name used in the device description.</summary>
    /// <param name="path">The path.</param>
    /// <returns>"AVX-512", "AVX2" or "scalar".</returns>
    public static string DisplayName(KernelPath path) => path switch
    {
        KernelPath.Vector512 => "AVX-512",
        KernelPath.Vector256 => "AVX2",
        _ => "scalar",
    };
}
