namespace GroupReduce.Core.Evaluation;

/// <summary>What <c>groupreduce eval</c> measured.</summary>
/// <param name="Model">The original model.</param>
/// <param name="Artifact">The artifact.</param>
/// <param name="Method">The compression method recorded in the artifact.</param>
/// <param name="Quantization">The quantization recorded in the artifact.</param>
/// <param name="OriginalBytes">Bytes of the original matrices.</param>
/// <param name="CompressedBytes">Bytes of everything that replaces them.</param>
/// <param name="Frequencies">Where the error weights came from.</param>
/// <param name="Matrices">Per matrix, with per-group errors.</param>
/// <param name="LanguageModel">Perplexity on a token file, when asked and measurable.</param>
/// <param name="Calibration">Softmax calibration, when hidden states were given.</param>
/// <param name="Notes">Warnings worth reading (a model that differs from the one the artifact was made from).</param>
public sealed record EvaluationReport(
    string Model,
    string Artifact,
    string Method,
    string Quantization,
    long OriginalBytes,
    long CompressedBytes,
    string Frequencies,
    IReadOnlyList<MatrixEvaluation> Matrices,
    LanguageModelEvaluation? LanguageModel,
    CalibrationResult? Calibration,
    IReadOnlyList<string> Notes)
{
    /// <summary><see cref="OriginalBytes"/> / <see cref="CompressedBytes"/>.</summary>
    public double CompressionRate => CompressedBytes > 0 ? (double)OriginalBytes / CompressedBytes : 0;
}
