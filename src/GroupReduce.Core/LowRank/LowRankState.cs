using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Core.LowRank;

/// <summary>A grouping with every group's storage and basis: what refinement improves and assembly stores.</summary>
internal sealed class LowRankState
{
    public required int[] Assignment { get; init; }

    /// <summary>Each group's rows, ascending.</summary>
    public required int[][] Rows { get; init; }

    /// <summary><c>Ranks[m][g]</c>.</summary>
    public required GroupRank[][] Ranks { get; init; }

    /// <summary><c>Bases[m][g]</c>: null for dense and empty groups.</summary>
    public required GroupBasis?[][] Bases { get; init; }

    /// <summary>Factor bytes (or parameters) in the problem's cost model.</summary>
    public required long Bytes { get; init; }

    public int GroupCount => Rows.Length;

    /// <summary>The weighted squared error of the whole problem: Σ over matrices and low-rank groups of the basis residual.</summary>
    public double Objective
    {
        get
        {
            double sum = 0;
            foreach (GroupBasis?[] bases in Bases)
            {
                foreach (GroupBasis? basis in bases)
                {
                    sum += basis?.ResidualEnergy ?? 0;
                }
            }

            return sum;
        }
    }
}
