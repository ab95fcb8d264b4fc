namespace GroupReduce.Plugins.Ilgpu.Kernels;

/// <summary>The shape of a <see cref="SegmentSums"/> launch: <c>Rows</c> rows of <c>Stride</c> values cut into <c>Segments</c> column ranges.</summary>
internal struct SegmentShape
{
    /// <summary>Rows.</summary>
    public int Rows;

    /// <summary>Values between consecutive rows.</summary>
    public int Stride;

    /// <summary>Column ranges per row; range <c>s</c> is <c>[offsets[s], offsets[s + 1])</c>.</summary>
    public int Segments;

    /// <summary>Threads per group, a power of two.</summary>
    public int GroupSize;
}
