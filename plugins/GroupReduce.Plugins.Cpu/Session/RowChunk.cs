namespace GroupReduce.Plugins.Cpu.Session;

/// <summary>
/// One chunk of a row list as <see cref="RowChunkLoop"/> hands it to a kernel: the chunk's rows loaded (a direct view
/// of the matrix or a gathered copy) and the chunk's slices of the caller's per-row arrays, all pinned for the call.
/// </summary>
internal readonly unsafe struct RowChunk
{
    /// <summary>The chunk's number in the list (chunks are numbered in row order).</summary>
    public int Index { get; init; }

    /// <summary>Rows in the chunk.</summary>
    public int Count { get; init; }

    /// <summary>The chunk's row indices (<see cref="Count"/> of them).</summary>
    public int* Rows { get; init; }

    /// <summary>The chunk's rows, <see cref="Count"/> x columns, row-major; valid during the call only.</summary>
    public float* Values { get; init; }

    /// <summary>The chunk's part of the caller's read-only per-row input (null when there is none).</summary>
    public float* Input { get; init; }

    /// <summary>The chunk's part of the caller's per-row output (null when there is none).</summary>
    public float* Output { get; init; }

    /// <summary>The chunk's part of the caller's one-value-per-row output (null when there is none).</summary>
    public float* PerRow { get; init; }
}
