using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Core.LowRank;
using GroupReduce.Core.Matrices;

namespace GroupReduce.Core.Methods;

/// <summary>One grouping as the run ended with it: the map, the ranks and how refinement went.</summary>
internal sealed class PartitionResult
{
    public required string Name { get; init; }

    public required int GroupCount { get; init; }

    /// <summary>The row→group map; null when there is a single group (nothing stored).</summary>
    public int[]? Map { get; init; }

    /// <summary>Bytes of the stored map.</summary>
    public required long MapBytes { get; init; }

    public required IReadOnlyList<ResolvedMatrix> ResolvedMatrices { get; init; }

    public IReadOnlyList<string> Matrices => ResolvedMatrices.Select(m => m.Name).ToList();

    /// <summary><c>GroupBytesTable[m][g]</c>: planned bytes of each group of each matrix.</summary>
    public required long[][] GroupBytesTable { get; init; }

    /// <summary><c>Ranks[m][g]</c> as planned (and, after a run, as stored).</summary>
    public required GroupRank[][] Ranks { get; init; }

    /// <summary>Under <c>quantizer: auto</c>, the label of each encoding a <see cref="GroupRank.Encoding"/> indexes; null otherwise.</summary>
    public IReadOnlyList<string>? EncodingLabels { get; init; }

    /// <summary>Group sizes.</summary>
    public required long[] Sizes { get; init; }

    /// <summary>Mean frequency of each group.</summary>
    public required double[] MeanFrequencies { get; init; }

    public required IReadOnlyList<RefinementStep> Refinement { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The objective before refinement (weighted squared error, fit weights).</summary>
    public required double InitialObjective { get; init; }

    public required double FinalObjective { get; init; }

    /// <summary>Σ w‖a‖² over the problem's matrices (fit weights): the objective's scale.</summary>
    public required double TotalEnergy { get; init; }

    /// <summary>Factor bytes of the partition's matrices in the plan's cost model.</summary>
    public required long PlannedBytes { get; init; }

    /// <summary>The factor budget the partition had.</summary>
    public required long Budget { get; init; }

    public long GroupBytes(int matrix, int group) => GroupBytesTable[matrix][group];
}
