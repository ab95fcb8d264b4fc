namespace GroupReduce.Core.Models;

/// <summary>
/// A vocabulary matrix a model's graph shows (ONNX): the initializer an embedding lookup reads, the weight of the
/// product that makes the logits, or one initializer that is both (tied).
/// </summary>
/// <param name="Tensor">The initializer's name, as the spec's <c>matrices</c> names it.</param>
/// <param name="IsEmbedding">It feeds the <c>data</c> input of a <c>Gather</c> over token ids from a graph input.</param>
/// <param name="IsLogits">It is the weight of the <c>MatMul</c>/<c>Gemm</c> whose output becomes a graph output (the logits).</param>
/// <param name="VocabularyInColumns">
/// It is stored <c>[d, V]</c> (a <c>MatMul</c> weight without a <c>Transpose</c>, or <c>Gemm</c> without <c>transB</c>):
/// its rows are not vocabulary items, so the engine compresses its transpose (docs/onnx.md).
/// </param>
public sealed record VocabularyMatrix(string Tensor, bool IsEmbedding, bool IsLogits, bool VocabularyInColumns)
{
    /// <summary>Whether one initializer is both the embedding and the logits weight.</summary>
    public bool IsTied => IsEmbedding && IsLogits;
}
