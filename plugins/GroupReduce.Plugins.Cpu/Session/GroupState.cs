using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Cpu.Session;

/// <summary>What a session remembers about one group between fits: its Gram matrix, rows and last Ritz block.</summary>
internal sealed class GroupState : IDisposable
{
    /// <summary>Creates the state of a group seen for the first time.</summary>
    /// <param name="groupId">The group.</param>
    public GroupState(int groupId) => GroupId = groupId;

    /// <summary>The group.</summary>
    public int GroupId { get; }

    /// <summary>The weighted Gram's upper triangle (<c>d x d</c>, row-major), valid when <see cref="HasGram"/>.</summary>
    public NativeBuffer<double> Gram { get; } = new();

    /// <summary>Whether <see cref="Gram"/> holds the Gram of <see cref="Rows"/>.</summary>
    public bool HasGram { get; set; }

    /// <summary>The rows the cached Gram was built from.</summary>
    public int[] Rows { get; set; } = [];

    /// <summary>Rows added or removed since the Gram was last computed from scratch (rounding drift grows with them).</summary>
    public long UpdatedRows { get; set; }

    /// <summary>The last Ritz block (<c>d x BlockColumns</c>), the warm start of the next subspace iteration.</summary>
    public double[] Block { get; set; } = [];

    /// <summary>Columns of <see cref="Block"/>.</summary>
    public int BlockColumns { get; set; }

    /// <summary>Whether the cached Gram is in use by the current batch and must not be evicted.</summary>
    public bool Pinned { get; set; }

    /// <summary>When the state was last used (a counter), for evicting the least recently used Gram.</summary>
    public long LastUse { get; set; }

    /// <summary>Drops the cached Gram (the warm start stays).</summary>
    public void ReleaseGram()
    {
        Gram.Release();
        HasGram = false;
        Rows = [];
        UpdatedRows = 0;
    }

    /// <inheritdoc />
    public void Dispose() => Gram.Dispose();
}
