using GroupReduce.Abstractions;

namespace GroupReduce.Core.Spec;

/// <summary>
/// <c>calibration:</c> — the model's own activations, which make the fit minimise the error that reaches the logits
/// instead of the plain row error: with <c>Σ = E[h hᵀ]</c> of the hidden states a softmax matrix multiplies, GroupReduce
/// minimises <c>Σᵢ wᵢ (aᵢ − âᵢ)ᵀ (Σ + εI) (aᵢ − âᵢ)</c>. Exactly one of <see cref="Hidden"/> and <see cref="Tokens"/> is set.
/// </summary>
public sealed class CalibrationSpec
{
    /// <summary>An <c>.npy</c> (or any single-tensor model file) of hidden states <c>[N, d]</c>, absolute; null with <see cref="Tokens"/>.</summary>
    public SpecValue<string>? Hidden { get; init; }

    /// <summary>
    /// A token file the model itself is run on (models of the repository's families, docs/language-model.md), absolute:
    /// the softmax is calibrated by the hidden states it produces, the embedding by the next layer's input weights.
    /// </summary>
    public SpecValue<string>? Tokens { get; init; }

    /// <summary>With <see cref="Tokens"/>: only the first sentences; null for all.</summary>
    public SpecValue<int>? MaxSentences { get; init; }

    /// <summary>With <see cref="Tokens"/>: whether the embedding is fitted in the next layer's metric too (default false).</summary>
    public required SpecValue<bool> Embedding { get; init; }

    /// <summary>With <see cref="Hidden"/>: the compressed matrix the hidden states feed; when absent, the one compressed matrix <c>d</c> columns wide.</summary>
    public SpecValue<string>? Matrix { get; init; }

    /// <summary>The ridge <c>ε</c> added to each metric, relative to its mean eigenvalue (default 1: Σ plus its mean eigenvalue on the diagonal), which keeps it invertible and tempers it.</summary>
    public required SpecValue<double> Epsilon { get; init; }

    /// <summary>Where the block's key is written.</summary>
    public required SourceLocation Location { get; init; }
}
