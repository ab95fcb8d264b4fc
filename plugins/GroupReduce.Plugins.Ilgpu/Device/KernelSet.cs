using System.Diagnostics;
using GroupReduce.Plugins.Ilgpu.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace GroupReduce.Plugins.Ilgpu.Device;

/// <summary>
/// The solver's kernels, compiled once per accelerator when the solver is created and shared by all its sessions.
/// The product's tile side follows what the device allows per group.
/// </summary>
internal sealed class KernelSet
{
    /// <summary>Compiles every kernel for <paramref name="accelerator"/> and measures how long that took.</summary>
    /// <param name="accelerator">The accelerator.</param>
    public KernelSet(Accelerator accelerator)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        Accelerator = accelerator;
        int perGroup = accelerator.MaxNumThreadsPerGroup;
        Side = perGroup >= 256 ? 16 : perGroup >= 64 ? 8 : 4;

        var clock = Stopwatch.StartNew();
        Product = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ProductShape>(TiledProduct.Kernel);
        Segments = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, SegmentShape>(SegmentSums.Kernel);
        Errors = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<double>, int>(RowErrors.Kernel);
        Scale = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(ElementKernels.ScaleRows);
        Accumulate = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<double>, int, int>(ElementKernels.Accumulate);
        Gather = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, int>(ElementKernels.GatherRows);
        CompileTime = clock.Elapsed;
    }

    /// <summary>The accelerator the kernels belong to.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>Threads per side of a product group (16 on GPUs: 64 x 64 tiles).</summary>
    public int Side { get; }

    /// <summary>The output tile of a product group.</summary>
    public int Tile => 4 * Side;

    /// <summary>How long compiling and loading the kernels took.</summary>
    public TimeSpan CompileTime { get; }

    /// <summary>The tiled product.</summary>
    public Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ProductShape> Product { get; }

    /// <summary>Sums of squares over column ranges.</summary>
    public Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, SegmentShape> Segments { get; }

    /// <summary>Per-row errors and norms.</summary>
    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<double>, int> Errors { get; }

    /// <summary>Row weighting.</summary>
    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> Scale { get; }

    /// <summary>Folding partial Grams into the double-precision Gram.</summary>
    public Action<Index1D, ArrayView<float>, ArrayView<double>, int, int> Accumulate { get; }

    /// <summary>Gathering rows of a resident matrix.</summary>
    public Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, int> Gather { get; }
}
