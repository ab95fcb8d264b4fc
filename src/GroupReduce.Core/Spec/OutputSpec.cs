using GroupReduce.Abstractions;

namespace GroupReduce.Core.Spec;

/// <summary>Where the artifact and its report go.</summary>
public sealed class OutputSpec
{
    /// <summary>The artifact path (absolute), when the spec names one; the command line's <c>-o</c> overrides it.</summary>
    public SpecValue<string>? Path { get; init; }

    /// <summary>Whether to write the JSON and Markdown reports beside the artifact (default true).</summary>
    public required SpecValue<bool> Report { get; init; }

    /// <summary>Where the block's key (<c>output:</c>) is written, or the top of the spec when the block is absent; defaults point here.</summary>
    public required SourceLocation Location { get; init; }
}
