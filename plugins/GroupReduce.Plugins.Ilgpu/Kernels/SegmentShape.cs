namespace GroupReduce.Plugins.Ilgpu.Kernels;

/// <summary>The shape of a <see cref="SegmentSums"/> launch: rows of <c>Stride</c> values cut into <c>Segments</c> column ranges.</summary>
internal struct SegmentShape
{
    /// <summary>Values between consecutive rows.</summary>
    public int Stride;

    /// <summary>Column ranges per row; range <c>s</c> is <c>[offsets[s], offsets[s + 1])</c>.</summary>
    public int Segments;
}
