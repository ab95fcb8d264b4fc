using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Plugins.Ilgpu.Session;

/// <summary>A group's last basis and the rows and rank it was fitted from: refitting the same rows at the same rank returns it unchanged.</summary>
/// <param name="Rows">The rows.</param>
/// <param name="Rank">The rank.</param>
/// <param name="Basis">The basis.</param>
internal sealed record CachedBasis(int[] Rows, int Rank, GroupBasis Basis);
