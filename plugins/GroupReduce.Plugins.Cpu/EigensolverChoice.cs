using GroupReduce.Plugins.Cpu.Numerics;

namespace GroupReduce.Plugins.Cpu;

/// <summary>The <c>auto</c> rule: which eigensolver is faster for a Gram of size <c>d</c> and a rank.</summary>
internal static class EigensolverChoice
{
    /// <summary>Below this size the full decomposition takes milliseconds and is always used.</summary>
    public const int SmallMatrix = 128;

    /// <summary>Picks the eigensolver.</summary>
    /// <param name="d">The Gram's size.</param>
    /// <param name="rank">The wanted rank.</param>
    /// <returns><see cref="EigensolverKind.Full"/> or <see cref="EigensolverKind.Subspace"/>.</returns>
    public static EigensolverKind Choose(int d, int rank)
    {
        // Each subspace iteration solves a dense Ritz problem of the block's width, so once the block
        // is a large part of d a few iterations cost as much as the full decomposition.
        int block = SubspaceEigensolver.BlockWidth(d, rank);
        return d <= SmallMatrix || 3 * block > d ? EigensolverKind.Full : EigensolverKind.Subspace;
    }
}
