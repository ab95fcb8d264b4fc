using GroupReduce.Core.Budget;
using GroupReduce.Core.Calibration;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Frequencies;
using GroupReduce.Core.Matrices;
using GroupReduce.Core.Plugins;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Methods;

/// <summary>Everything a method needs: the checked matrices, their frequencies, the plugins and the budget.</summary>
internal sealed class MethodContext
{
    public required CompressionSpec Spec { get; init; }

    public required IReadOnlyList<ResolvedMatrix> Matrices { get; init; }

    /// <summary>Frequencies by vocabulary size (row count).</summary>
    public required IReadOnlyDictionary<long, FrequencyTable> Frequencies { get; init; }

    public required PluginSet Plugins { get; init; }

    public required BudgetPlan Budget { get; init; }

    /// <summary>The calibrated matrices' metrics, by tensor name; GroupReduce fits those matrices in the metric's coordinates.</summary>
    public IReadOnlyDictionary<string, RowMetric> Metrics { get; init; } = new Dictionary<string, RowMetric>();

    public required IRunObserver Observer { get; init; }

    public required int Threads { get; init; }

    public required CancellationToken CancellationToken { get; init; }
}
