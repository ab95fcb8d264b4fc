namespace GroupReduce.Runtime.Kernels;

/// <summary>
/// Which instructions the integer dot products of <see cref="IntegerRowDots"/> use. The product takes
/// <see cref="IntegerPaths.Best"/>; tests force every path the machine runs, so each twin is checked on the machine
/// that has it.
/// </summary>
internal enum IntegerPath
{
    /// <summary>Plain scalar loops: the reference twin (and the last fallback).</summary>
    Scalar,

    /// <summary>Portable <c>Vector128</c> widening multiplies (for machines without the x86 byte multiply-adds).</summary>
    Vector128,

    /// <summary>SSSE3 <c>pmaddubsw</c> + <c>pmaddwd</c>, 16 bytes at a time.</summary>
    Ssse3,

    /// <summary>AVX2 <c>vpmaddubsw</c> + <c>vpmaddwd</c>, 32 bytes at a time.</summary>
    Avx2,

    /// <summary>AVX-VNNI <c>vpdpbusd</c>, 32 bytes at a time.</summary>
    AvxVnni,
}
