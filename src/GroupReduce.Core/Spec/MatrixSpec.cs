using GroupReduce.Abstractions;

namespace GroupReduce.Core.Spec;

/// <summary>One matrix to compress: a tensor whose rows are the vocabulary.</summary>
public sealed class MatrixSpec
{
    /// <summary>The tensor's name in the model file.</summary>
    public required SpecValue<string> Tensor { get; init; }

    /// <summary>Other tensors holding the same values (tied weights): compressed once, recorded as aliases.</summary>
    public required IReadOnlyList<SpecValue<string>> Tied { get; init; }

    /// <summary>Where the list item starts.</summary>
    public required SourceLocation Location { get; init; }
}
