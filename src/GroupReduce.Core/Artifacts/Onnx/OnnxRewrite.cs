namespace GroupReduce.Core.Artifacts.Onnx;

/// <summary>What the ONNX writer did with one compressed initializer's uses.</summary>
/// <param name="Initializer">The initializer's name.</param>
internal sealed record OnnxRewrite(string Initializer)
{
    /// <summary>Embedding lookups (<c>Gather</c>) replaced by the block low-rank lookup.</summary>
    public int Embeddings { get; set; }

    /// <summary>Logits products (<c>MatMul</c> with its transpose, <c>Gemm</c> with <c>transB</c>) replaced by the block low-rank product.</summary>
    public int Logits { get; set; }

    /// <summary>Whether some use reads the rebuilt dense matrix (a use no pattern covers).</summary>
    public bool Dense { get; set; }
}
