
namespace GroupReduce.Plugins.Cpu.Kernels;

/// <summary>
/// A square register-blocked kernel for the Gram update: <c>C[W x W] (=|+=) Aᵀ B</c> over <c>kc</c> steps, where both
/// panels hold <c>W</c> values per step in the same layout. One packing of the rows serves as either operand, so the
/// Gram needs no second (transposed) packing. Every element is a sequential fused chain over the steps.
/// </summary>
internal unsafe interface ISquareKernel
{
    /// <summary>The tile's rows and columns, and the panels' width: one vector of floats.</summary>
    static abstract int Width { get; }

    /// <summary>Runs the kernel.</summary>
    /// <param name="kc">Steps.</param>
    /// <param name="a">The panel of the tile's rows: <c>kc * Width</c> values.</param>
    /// <param name="b">The panel of the tile's columns: <c>kc * Width</c> values, 64-byte aligned.</param>
    /// <param name="c">The tile's first element.</param>
    /// <param name="ldc">Distance between tile rows.</param>
    /// <param name="accumulate">Add to <paramref name="c"/> instead of overwriting it.</param>
    static abstract void Run(int kc, float* a, float* b, float* c, nint ldc, bool accumulate);
}
