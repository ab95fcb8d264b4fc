namespace GroupReduce.Plugins.Numerics;

/// <summary>One thread's packing buffers for one element type.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class WorkspaceBuffers<T> : IDisposable
    where T : unmanaged
{
    /// <summary>The packed A panel (L1-resident).</summary>
    public NativeBuffer<T> PanelA { get; } = new();

    /// <summary>The packed B block (L2-resident).</summary>
    public NativeBuffer<T> BlockB { get; } = new();

    /// <summary>A register tile for edges and for results that are converted before they are stored.</summary>
    public NativeBuffer<T> Tile { get; } = new();

    /// <summary>A single-precision block of C that the kernels accumulate into over several step blocks (the Gram's share of one chunk).</summary>
    public NativeBuffer<T> Slab { get; } = new();

    /// <inheritdoc />
    public void Dispose()
    {
        Slab.Dispose();
        PanelA.Dispose();
        BlockB.Dispose();
        Tile.Dispose();
    }
}
