namespace GroupReduce.Core.Models;

/// <summary>
/// One tensor for <see cref="SafetensorsWriter"/>: its header fields and a callback that writes exactly
/// <see cref="ByteLength"/> little-endian bytes of data, so large tensors stream rather than sit in memory.
/// </summary>
/// <param name="Name">The tensor's name (not empty, not <c>__metadata__</c>, unique in the file).</param>
/// <param name="DType">A safetensors dtype name (see <see cref="SafetensorsDType"/>).</param>
/// <param name="Shape">The shape, outermost first; every dimension non-negative.</param>
/// <param name="ByteLength">The data's size: the product of <paramref name="Shape"/> times the dtype's element size.</param>
/// <param name="WriteData">Writes the data to the stream it is given; called once, in file order.</param>
public sealed record SafetensorsEntry(string Name, string DType, IReadOnlyList<long> Shape, long ByteLength, Action<Stream> WriteData)
{
    /// <summary>
    /// An entry that copies a model tensor's stored bytes unchanged. Tensors with a safetensors dtype keep
    /// their dtype and shape. GGML block types (<see cref="TensorDType.Q8_0"/>, <see cref="TensorDType.GgmlRaw"/>)
    /// have none: they become a one-dimensional <see cref="SafetensorsDType.U8"/> tensor of
    /// <see cref="ModelTensor.ByteLength"/> bytes, and the caller records <see cref="ModelTensor.GgmlTypeName"/>
    /// and <see cref="ModelTensor.Shape"/> (e.g. in <c>__metadata__</c>) so a reader can restore them.
    /// </summary>
    /// <param name="tensor">The tensor to pass through; its file must stay open until the entry is written.</param>
    /// <param name="name">The name in the output; the tensor's own name when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the copy.</param>
    /// <returns>The entry.</returns>
    public static SafetensorsEntry PassThrough(ModelTensor tensor, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        string? dtype = SafetensorsDType.FromTensorDType(tensor.DType);
        void Write(Stream stream) => tensor.CopyRawTo(stream, cancellationToken);
        return dtype is null
            ? new SafetensorsEntry(name ?? tensor.Name, SafetensorsDType.U8, [tensor.ByteLength], tensor.ByteLength, Write)
            : new SafetensorsEntry(name ?? tensor.Name, dtype, [.. tensor.Shape], tensor.ByteLength, Write);
    }

    /// <summary>An entry whose data is already in memory (small tensors: scales, maps, factors).</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="dtype">A safetensors dtype name.</param>
    /// <param name="shape">The shape.</param>
    /// <param name="data">The little-endian bytes.</param>
    /// <returns>The entry.</returns>
    public static SafetensorsEntry FromBytes(string name, string dtype, IReadOnlyList<long> shape, ReadOnlyMemory<byte> data) =>
        new(name, dtype, shape, data.Length, stream => stream.Write(data.Span));
}
