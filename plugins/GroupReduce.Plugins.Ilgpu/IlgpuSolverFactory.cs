using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Plugins.Ilgpu;

/// <summary>
/// The built-in <c>ilgpu</c> solver: the products of GroupReduce (weighted Grams, refinement scoring, projections and
/// errors) as tiled shared-memory kernels on a CUDA or OpenCL GPU, or on ILGPU's CPU accelerator; the small eigenproblems
/// on the host in double. Options: <c>accelerator</c> (auto|cuda|opencl|cpu), <c>device</c>, <c>chunk_rows</c>,
/// <c>resident</c> (auto|always|never), <c>threads</c>.
/// </summary>
public sealed class IlgpuSolverFactory : ISolverFactory
{
    /// <inheritdoc />
    public string Name => "ilgpu";

    /// <inheritdoc />
    public string Description => "Weighted low-rank bases and refinement scoring on a GPU through ILGPU (CUDA, OpenCL, or ILGPU's CPU accelerator).";

    /// <inheritdoc />
    public ISolver Create(PluginOptions options, PluginContext context)
    {
        IlgpuSolverOptions parsed = IlgpuSolverOptions.Parse(options, context);
        return new IlgpuSolver(parsed, context);
    }
}
