namespace GroupReduce.Core.Evaluation;

/// <summary>Errors of <c>groupreduce eval</c> and quality targets: the data it measures with (GR205x, model and data files).</summary>
public static class EvaluationErrorCodes
{
    /// <summary>The model is not of a family eval can run (no or unknown <c>groupreduce.lm.family</c>), so perplexity on a token file is not measurable.</summary>
    public const string NotAModelFamily = "GR2050";

    /// <summary>A model of the <c>nplm</c> or <c>gru</c> family lacks a tensor or metadata key, or its shapes disagree.</summary>
    public const string FamilyTensorInvalid = "GR2051";

    /// <summary>A token file cannot be used: unreadable or without a sentence.</summary>
    public const string TokenFileInvalid = "GR2052";

    /// <summary>Calibration data (hidden states and next tokens) cannot be used: wrong shapes, dtypes, non-finite values or token ids out of range.</summary>
    public const string CalibrationDataInvalid = "GR2053";

    /// <summary>The artifact does not fit the original model: a matrix it compresses is missing or has another shape.</summary>
    public const string ArtifactDoesNotMatch = "GR2054";

    /// <summary>The softmax matrix (or its bias) for calibration cannot be determined or found.</summary>
    public const string SoftmaxNotFound = "GR2055";
}
