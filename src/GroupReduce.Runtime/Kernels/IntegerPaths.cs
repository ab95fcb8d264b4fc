using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GroupReduce.Runtime.Kernels;

/// <summary>What this machine runs natively, for choosing an <see cref="IntegerPath"/>.</summary>
internal static class IntegerPaths
{
    /// <summary>
    /// The fastest path the hardware runs. AVX-512 machines take the 256-bit paths (the 512-bit byte multiply-add has
    /// no .NET 10 VNNI form, and the logits of a low-rank group are short rows that a 64-byte vector would mostly pad).
    /// </summary>
    public static readonly IntegerPath Best = IsSupported(IntegerPath.AvxVnni) ? IntegerPath.AvxVnni
        : IsSupported(IntegerPath.Avx2) ? IntegerPath.Avx2
        : IsSupported(IntegerPath.Ssse3) ? IntegerPath.Ssse3
        : IsSupported(IntegerPath.Vector128) ? IntegerPath.Vector128
        : IntegerPath.Scalar;

    /// <summary>Every path this machine runs natively (the ones a test can force).</summary>
    public static IReadOnlyList<IntegerPath> Supported { get; } = [.. Enum.GetValues<IntegerPath>().Where(IsSupported)];

    /// <summary>Whether the hardware runs <paramref name="path"/>.</summary>
    /// <param name="path">The path.</param>
    /// <returns>True when it does.</returns>
    public static bool IsSupported(IntegerPath path) => path switch
    {
#if NET9_0_OR_GREATER
        IntegerPath.AvxVnni => AvxVnni.IsSupported && Avx2.IsSupported,
#else
        // .NET 8 marks AvxVnni as a preview API; its build takes the AVX2 path (two instructions where VNNI has one).
        IntegerPath.AvxVnni => false,
#endif
        IntegerPath.Avx2 => Avx2.IsSupported,
        IntegerPath.Ssse3 => Ssse3.IsSupported,
        IntegerPath.Vector128 => Vector128.IsHardwareAccelerated,
        _ => true,
    };
}
