using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;

namespace GroupReduce.TestPlugins.Faulty;

/// <summary>A solver whose FitBases never finishes on its own: only the host's cancellation token ends it.</summary>
public sealed class HangingSolverFactory : ISolverFactory
{
    // A bound so that a host which never cancels fails the test instead of hanging the test run.
    private static readonly TimeSpan GiveUp = TimeSpan.FromMinutes(2);

    public string Name => "hanging";

    public string Description => "blocks in FitBases until cancelled (test plugin)";

    public ISolver Create(PluginOptions options, PluginContext context) => new Solver();

    private sealed class Solver : ISolver
    {
        public SolverDevice Device { get; } = new("cpu", "test", 0, 1);

        public ISolverSession Open(IRowMatrix matrix, ReadOnlyMemory<double> weights) => new Session();

        public IReadOnlyList<KernelStatistics> GetStatistics() => [];

        public void Dispose()
        {
        }
    }

    private sealed class Session : ISolverSession
    {
        public IReadOnlyList<GroupBasis> FitBases(IReadOnlyList<GroupFitRequest> groups, IProgress<SolverProgress>? progress, CancellationToken cancellationToken)
        {
            Hang(cancellationToken);
            return [];
        }

        public void ScoreRows(IReadOnlyList<GroupBasis> bases, ReadOnlySpan<int> rows, Span<float> projected, Span<float> rowNormsSquared, IProgress<SolverProgress>? progress, CancellationToken cancellationToken) =>
            Hang(cancellationToken);

        public void Project(ReadOnlySpan<int> rows, GroupBasis basis, Span<float> coefficients, CancellationToken cancellationToken) =>
            Hang(cancellationToken);

        public ReconstructionError MeasureError(ReadOnlySpan<int> rows, ReadOnlySpan<float> coefficients, ReadOnlySpan<float> basis, int rank, CancellationToken cancellationToken)
        {
            Hang(cancellationToken);
            return default;
        }

        public void Dispose()
        {
        }

        private static void Hang(CancellationToken cancellationToken)
        {
            if (!cancellationToken.WaitHandle.WaitOne(GiveUp))
            {
                throw new TimeoutException("the host never cancelled");
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
