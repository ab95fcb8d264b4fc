using System.Runtime.Intrinsics;

namespace GroupReduce.Runtime.Kernels;

/// <summary>
/// Which vector width a kernel with width twins runs, ordered by width so that a kernel can take the widest of its
/// paths that is not wider than the one chosen. The product always takes <see cref="VectorPaths.Best"/>; tests
/// pass each other path the machine supports, so a 256-bit path is checked on an AVX-512 machine too.
/// </summary>
internal enum VectorPath
{
    /// <summary>No vector kernel of our own: the portable fallback.</summary>
    Scalar,

    /// <summary><see cref="Vector128{T}"/> kernels (where a kernel has them; others take the fallback).</summary>
    Vector128,

    /// <summary><see cref="Vector256{T}"/> kernels.</summary>
    Vector256,

    /// <summary><see cref="Vector512{T}"/> kernels.</summary>
    Vector512,
}
