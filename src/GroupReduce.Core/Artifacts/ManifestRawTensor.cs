namespace GroupReduce.Core.Artifacts;

/// <summary>An input tensor passed through as raw bytes (a U8 tensor) because safetensors has no element type for it.</summary>
/// <param name="Tensor">Its name (the U8 tensor has the same name).</param>
/// <param name="GgmlType">The GGML type name, e.g. <c>Q4_K</c>.</param>
/// <param name="Shape">Its logical shape, outermost first.</param>
public sealed record ManifestRawTensor(string Tensor, string GgmlType, IReadOnlyList<long> Shape);
