namespace GroupReduce.Core.Evaluation;

/// <summary>What <c>groupreduce eval</c> measures.</summary>
public sealed class EvaluationRequest
{
    /// <summary>The original model.</summary>
    public required string ModelPath { get; init; }

    /// <summary>The artifact made from it.</summary>
    public required string ArtifactPath { get; init; }

    /// <summary>The spec whose frequencies weight the errors; null for the spec recorded in the artifact, read beside the model.</summary>
    public string? SpecPath { get; init; }

    /// <summary>A token file for the exact perplexity of an <c>nplm</c> or <c>gru</c> model; null to skip.</summary>
    public string? TokensPath { get; init; }

    /// <summary>Only the first this many sentences of the token file; null for all.</summary>
    public int? MaxSentences { get; init; }

    /// <summary>Exported final hidden states (<c>.npy</c>, N x h) for softmax calibration; null to skip.</summary>
    public string? HiddenPath { get; init; }

    /// <summary>The tokens that followed them (<c>.npy</c>, N).</summary>
    public string? NextPath { get; init; }

    /// <summary>The softmax tensor for calibration; null to choose by width.</summary>
    public string? Softmax { get; init; }

    /// <summary>Its bias; null for <c>&lt;prefix&gt;.bias</c> when present, "" for none.</summary>
    public string? Bias { get; init; }

    /// <summary>Threads to use.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
