namespace GroupReduce.Core.Calibration;

/// <summary>Errors of the calibration data (GR2140–GR2149: files the run reads beside the model).</summary>
internal static class CalibrationErrorCodes
{
    /// <summary>The hidden-state file is not one floating-point matrix <c>[N, d]</c> with finite values and at least one row.</summary>
    public const string InvalidHiddenStates = "GR2140";

    /// <summary>No compressed matrix, or more than one, is as wide as the hidden states, and <c>calibration.matrix</c> does not say which.</summary>
    public const string NoMatrixForHiddenStates = "GR2141";

    /// <summary>The metric built from the hidden states is not positive definite (values so large they overflow).</summary>
    public const string DegenerateMetric = "GR2142";
}
