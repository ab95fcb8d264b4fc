using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Core.Budget;
using GroupReduce.Core.Frequencies;
using GroupReduce.Core.Matrices;

namespace GroupReduce.Core.LowRank;

/// <summary>Matrices that share one row→group map (one vocabulary with a shared partition, or one matrix alone), with their frequencies and budget.</summary>
internal sealed class PartitionProblem
{
    public required string Name { get; init; }

    public required IReadOnlyList<ResolvedMatrix> Matrices { get; init; }

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

    /// <summary>Bytes of the stored row→group map (0 for a single group).</summary>
    public required long MapBytes { get; init; }

    public int Rows => (int)Matrices[0].Rows;

    public IReadOnlyList<int> Columns => Matrices.Select(m => m.Columns).ToList();
}
