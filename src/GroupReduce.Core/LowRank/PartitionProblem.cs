using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Core.Budget;
using GroupReduce.Core.Calibration;
using GroupReduce.Core.Frequencies;
using GroupReduce.Core.Matrices;

namespace GroupReduce.Core.LowRank;

/// <summary>Matrices that share one row→group map (one vocabulary with a shared partition, or one matrix alone), with their frequencies and budget.</summary>
internal sealed class PartitionProblem
{
    public required string Name { get; init; }

    /// <summary>The matrices as the solver fits them: a calibrated matrix in its metric's whitened coordinates, else as read.</summary>
    public required IReadOnlyList<ResolvedMatrix> Matrices { get; init; }

    /// <summary>The matrices as read: what is stored, measured and reported.</summary>
    public required IReadOnlyList<ResolvedMatrix> Originals { get; init; }

    /// <summary>Each matrix's metric, or null where the matrix is fitted with the plain row error.</summary>
    public required IReadOnlyList<RowMetric?> Metrics { get; init; }

    /// <summary>Whether any matrix is fitted in a metric's coordinates.</summary>
    public bool Calibrated => Metrics.Any(m => m is not null);

    public required FrequencyTable Frequencies { get; init; }

    /// <summary>Frequencies scaled to mean 1: the weights every method's error is measured and reported with (the paper's).</summary>
    public required double[] Weights { get; init; }

    /// <summary>
    /// The weights GroupReduce fits and refines with: <c>f^α</c> scaled to mean 1 for <c>frequencies.power: α</c>;
    /// the same array as <see cref="Weights"/> when α is 1.
    /// </summary>
    public required double[] FitWeights { get; init; }

    public required int GroupCount { get; init; }

    /// <summary>Budget for the factors (the map already taken out of a byte budget), with its unit.</summary>
    public required CostAmount FactorBudget { get; init; }

    /// <summary>The cost of a factor tensor, in <see cref="FactorBudget"/>'s unit.</summary>
    public required IStorageCost Cost { get; init; }

    /// <summary>
    /// For <c>quantizer: auto</c>, every encoding a group may be stored with and its cost in <see cref="FactorBudget"/>'s unit
    /// (indexed like <see cref="Plugins.PluginSet.Encodings"/>); null when the spec names one quantizer (<see cref="Cost"/>).
    /// </summary>
    public IReadOnlyList<EncodingChoice>? Encodings { get; init; }

    /// <summary>The cost of a factor tensor stored with encoding <paramref name="encoding"/> (<see cref="Cost"/> when the spec names one quantizer).</summary>
    public IStorageCost CostOf(int encoding) => Encodings?[encoding].Cost ?? Cost;

    /// <summary>Bytes of the stored row→group map (0 for a single group).</summary>
    public required long MapBytes { get; init; }

    public int Rows => (int)Matrices[0].Rows;

    public IReadOnlyList<int> Columns => Matrices.Select(m => m.Columns).ToList();
}
