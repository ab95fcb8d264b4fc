namespace GroupReduce.Core.Spec;

/// <summary>What a quality target bounds.</summary>
public enum QualityMeasure
{
    /// <summary>The relative perplexity increase over the original model (token file or softmax calibration data).</summary>
    PerplexityIncrease,

    /// <summary>The frequency-weighted relative reconstruction error of the compressed matrices.</summary>
    WeightedError,
}
