using GroupReduce.Plugins.Cpu.Numerics;

namespace GroupReduce.Plugins.Cpu;

/// <summary>
/// The <c>auto</c> rule. A cold start (no basis from an earlier fit) goes straight to the dense solver: on realistic
/// Grams, whose spectra decay slowly, subspace iteration from random vectors needs dozens of products. A refit
/// during refinement starts from the previous basis, which is nearly right when few rows moved, so a few subspace
/// iterations are tried first, with the dense solver behind them.
/// </summary>
internal static class EigensolverChoice
{
    /// <summary>Below this size the dense solver takes about a millisecond and is always used.</summary>
    public const int SmallMatrix = 128;

    /// <summary>The iteration limit (products with the Gram) of a warm-started subspace attempt before the dense solver takes over.</summary>
    public const int WarmStartIterations = 8;

    /// <summary>Picks the eigensolver.</summary>
    /// <param name="d">The Gram's size.</param>
    /// <param name="rank">The wanted rank.</param>
    /// <param name="warm">Whether a previous basis of the group can start the iteration.</param>
    /// <returns><see cref="EigensolverKind.Full"/> or <see cref="EigensolverKind.Subspace"/>.</returns>
    public static EigensolverKind Choose(int d, int rank, bool warm)
    {
        // Each subspace iteration also solves a dense Ritz problem of the block's width, so once the block is a
        // large part of d even a few iterations cost as much as the dense solver.
        int block = SubspaceEigensolver.BlockWidth(d, rank);
        return warm && d > SmallMatrix && 3 * block <= d ? EigensolverKind.Subspace : EigensolverKind.Full;
    }

    /// <summary>Whether the <c>auto</c> rule could use a warm start for this group later, so the dense solver should leave one.</summary>
    /// <param name="d">The Gram's size.</param>
    /// <param name="rank">The rank.</param>
    /// <returns>True when a later refit may iterate.</returns>
    public static bool MayWarmStart(int d, int rank) => Choose(d, rank, warm: true) == EigensolverKind.Subspace;
}
