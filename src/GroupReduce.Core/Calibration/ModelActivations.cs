namespace GroupReduce.Core.Calibration;

/// <summary>
/// What a model of the repository's families says about its vocabulary matrices, for <c>calibration: { tokens: … }</c>:
/// the vector its softmax multiplies at every prediction of a token file, and how its next layer sees an embedding error.
/// </summary>
/// <param name="SoftmaxTensor">The softmax matrix's tensor name.</param>
/// <param name="SoftmaxInputs">The softmax's inputs, <c>Predictions x HiddenWidth</c>, row-major.</param>
/// <param name="HiddenWidth">The softmax's width.</param>
/// <param name="EmbeddingTensor">The embedding's tensor name.</param>
/// <param name="EmbeddingMetric">The next layer's <c>Wᵀ W</c>, <c>d x d</c>, row-major.</param>
/// <param name="EmbeddingWidth">The embedding's width <c>d</c>.</param>
/// <param name="Source">What the inputs came from, for the report (e.g. "121,184 predictions of valid.txt").</param>
internal sealed record ModelActivations(string SoftmaxTensor, float[] SoftmaxInputs, int HiddenWidth, string EmbeddingTensor, double[] EmbeddingMetric, int EmbeddingWidth, string Source);
