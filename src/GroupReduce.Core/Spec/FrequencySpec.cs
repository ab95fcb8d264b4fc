using GroupReduce.Abstractions;

namespace GroupReduce.Core.Spec;

/// <summary>Where word frequencies come from and how gaps are handled.</summary>
public sealed class FrequencySpec
{
    /// <summary>counts, zipf or uniform; counts by default when <see cref="Path"/> is given (there is no other default).</summary>
    public required SpecValue<FrequencySource> Source { get; init; }

    /// <summary>For counts: the <c>token&lt;TAB&gt;count</c> file, resolved to an absolute path.</summary>
    public SpecValue<string>? Path { get; init; }

    /// <summary>For zipf: the exponent <c>s</c> in <c>f_i ∝ 1/(i+1)^s</c> (default 1).</summary>
    public required SpecValue<double> Exponent { get; init; }

    /// <summary>What to do with model tokens the counts file lacks, and with zero counts (default error).</summary>
    public required SpecValue<MissingCountPolicy> Missing { get; init; }

    /// <summary>The count given to missing or zero entries when <see cref="Missing"/> is smooth (default 1).</summary>
    public required SpecValue<double> SmoothingCount { get; init; }

    /// <summary>For models without a vocabulary: a file with one token per line, in row order (absolute path).</summary>
    public SpecValue<string>? Vocabulary { get; init; }

    /// <summary>Where the block's key (<c>frequencies:</c>) is written; defaults inside it point here.</summary>
    public required SourceLocation Location { get; init; }
}
