namespace GroupReduce.Core.Export;

/// <summary>One tensor of an export: its header fields and a callback that streams exactly <see cref="ByteLength"/> little-endian bytes.</summary>
/// <param name="Name">The tensor's name in the exported model.</param>
/// <param name="DType">A safetensors dtype name (<see cref="Models.SafetensorsDType"/>).</param>
/// <param name="Shape">The shape, outermost first.</param>
/// <param name="ByteLength">The data's size.</param>
/// <param name="Rebuilt">Whether the tensor is a compressed matrix rebuilt dense (rather than passed through).</param>
/// <param name="WriteData">Writes the data; may be called more than once (each call writes the same bytes).</param>
internal sealed record ExportedTensor(string Name, string DType, IReadOnlyList<long> Shape, long ByteLength, bool Rebuilt, Action<Stream> WriteData);
