using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;

namespace GroupReduce.TestPlugins.Faulty;

/// <summary>A solver whose bases are NaN.</summary>
public sealed class NanSolverFactory : ISolverFactory
{
    public string Name => "nan";

    public string Description => "returns NaN bases (test plugin)";

    public ISolver Create(PluginOptions options, PluginContext context) => new Solver();

    private sealed class Solver : ISolver
    {
        public SolverDevice Device { get; } = new("cpu", "test", 0, 1);

        public ISolverSession Open(IRowMatrix matrix, ReadOnlyMemory<double> weights) => new Session(matrix.Columns);

        public IReadOnlyList<KernelStatistics> GetStatistics() => [];

        public void Dispose()
        {
        }
    }

    private sealed class Session(int columns) : ISolverSession
    {
        public IReadOnlyList<GroupBasis> FitBases(IReadOnlyList<GroupFitRequest> groups, IProgress<SolverProgress>? progress, CancellationToken cancellationToken) =>
            groups.Select(g => new GroupBasis(g.GroupId, columns, g.Rank, Enumerable.Repeat(float.NaN, columns * g.Rank).ToArray(), new double[g.Rank], 1)).ToList();

        public void ScoreRows(IReadOnlyList<GroupBasis> bases, ReadOnlySpan<int> rows, Span<float> projected, Span<float> rowNormsSquared, IProgress<SolverProgress>? progress, CancellationToken cancellationToken) =>
            projected.Fill(float.NaN);

        public void Project(ReadOnlySpan<int> rows, GroupBasis basis, Span<float> coefficients, CancellationToken cancellationToken) =>
            coefficients.Fill(float.NaN);

        public ReconstructionError MeasureError(ReadOnlySpan<int> rows, ReadOnlySpan<float> coefficients, ReadOnlySpan<float> basis, int rank, CancellationToken cancellationToken) =>
            new(double.NaN, double.NaN, double.NaN, double.NaN);

        public void Dispose()
        {
        }
    }
}
