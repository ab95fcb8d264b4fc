namespace GroupReduce.Plugins.Numerics;

/// <summary>Which instruction set the dense kernels use. Selectable so tests can check every path on one machine.</summary>
internal enum KernelPath
{
    /// <summary>Portable scalar code: any CPU.</summary>
    Scalar,

    /// <summary>256-bit vectors with fused multiply-add (AVX2 + FMA).</summary>
    Vector256,

    /// <summary>512-bit vectors with fused multiply-add (AVX-512F).</summary>
    Vector512,
}
