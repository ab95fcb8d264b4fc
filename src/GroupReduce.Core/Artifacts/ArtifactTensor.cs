namespace GroupReduce.Core.Artifacts;

/// <summary>A tensor about to be written: its safetensors header entry and how to produce its bytes.</summary>
/// <param name="Name">The tensor name.</param>
/// <param name="DType">The safetensors dtype string.</param>
/// <param name="Shape">The shape.</param>
/// <param name="ByteLength">Exact bytes.</param>
/// <param name="Write">Writes exactly <paramref name="ByteLength"/> bytes.</param>
/// <param name="Compressed">Whether it is part of the compressed form (counted in the compressed bytes).</param>
internal sealed record ArtifactTensor(string Name, string DType, IReadOnlyList<long> Shape, long ByteLength, Action<Stream> Write, bool Compressed);
