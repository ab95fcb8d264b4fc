using GroupReduce.Abstractions;

namespace GroupReduce.Core.Spec;

/// <summary>
/// <c>calibration:</c> — the model's own activations, which make the fit minimise the error that reaches the logits
/// instead of the plain row error: with <c>Σ = E[h hᵀ]</c> of the hidden states a softmax matrix multiplies, GroupReduce
/// minimises <c>Σᵢ wᵢ (aᵢ − âᵢ)ᵀ (Σ + εI) (aᵢ − âᵢ)</c>.
/// </summary>
public sealed class CalibrationSpec
{
    /// <summary>An <c>.npy</c> (or any single-tensor model file) of hidden states <c>[N, d]</c>, absolute.</summary>
    public required SpecValue<string> Hidden { get; init; }

    /// <summary>The compressed matrix the hidden states feed; when absent, the one compressed matrix <c>d</c> columns wide.</summary>
    public SpecValue<string>? Matrix { get; init; }

    /// <summary>The ridge <c>ε</c> added to <c>Σ</c>, relative to its mean eigenvalue (default 0.001), which keeps the metric invertible.</summary>
    public required SpecValue<double> Epsilon { get; init; }

    /// <summary>Where the block's key is written.</summary>
    public required SourceLocation Location { get; init; }
}
