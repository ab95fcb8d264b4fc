namespace GroupReduce.Runtime.Format;

/// <summary>One tensor of a safetensors header, its offsets already checked against the file.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="DType">The safetensors dtype string (<c>F32</c>, <c>I8</c>, …).</param>
/// <param name="Shape">The dimensions.</param>
/// <param name="Offset">The first byte, from the start of the file.</param>
/// <param name="Length">The byte length.</param>
internal sealed record TensorEntry(string Name, string DType, long[] Shape, long Offset, long Length)
{
    /// <summary>The element count (product of the shape).</summary>
    public long Elements => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The shape as text, for messages.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
