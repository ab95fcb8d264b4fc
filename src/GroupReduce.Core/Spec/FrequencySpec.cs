using GroupReduce.Abstractions;

namespace GroupReduce.Core.Spec;

/// <summary>Where word frequencies come from and how gaps are handled.</summary>
public sealed class FrequencySpec
{
    /// <summary>counts, corpus, zipf or uniform; counts by default when <see cref="Path"/> is given (there is no other default).</summary>
    public required SpecValue<FrequencySource> Source { get; init; }

    /// <summary>For counts: the <c>token&lt;TAB&gt;count</c> file, resolved to an absolute path; for corpus: the first corpus file.</summary>
    public SpecValue<string>? Path { get; init; }

    /// <summary>
    /// For corpus: the text files, absolute, in order — <c>path</c> may be one file, a pattern with <c>*</c>/<c>?</c> in its
    /// last part (matched files in ordinal order), or a list of either; empty for the other sources.
    /// </summary>
    public IReadOnlyList<SpecValue<string>> Corpus { get; init; } = [];

    /// <summary>
    /// For corpus: the tokenizer that splits the text — a file (tokenizer.json, tokenizer.model, vocab.json, *.tiktoken;
    /// absolute) or a named encoding (<c>gpt2</c>, <c>cl100k_base</c>, …, kept as written); when absent, the vocabulary
    /// if it is a tokenizer, else the tokenizer beside the model.
    /// </summary>
    public SpecValue<string>? Tokenizer { get; init; }

    /// <summary>What to do with matrix rows past the tokenizer's size (default smooth: they get <see cref="SmoothingCount"/>, reported).</summary>
    public SpecValue<PaddingPolicy> Padding { get; init; } = new(PaddingPolicy.Smooth, default, IsDefault: true);

    /// <summary>
    /// The exponent α of the row weights GroupReduce fits with, <c>f^α</c> (default 0.7; 1 is the paper's): below 1 the rare
    /// rows count for more than their frequency says. Errors are still reported with the frequencies themselves.
    /// </summary>
    public SpecValue<double> Power { get; init; } = new(DefaultPower, default, IsDefault: true);

    /// <summary>The default of <see cref="Power"/>: measured on both of the repository's model families (docs/results/defaults.md).</summary>
    public const double DefaultPower = 0.7;

    /// <summary>For zipf: the exponent <c>s</c> in <c>f_i ∝ 1/(i+1)^s</c> (default 1).</summary>
    public required SpecValue<double> Exponent { get; init; }

    /// <summary>What to do with model tokens the counts file lacks, and with zero counts (default error; smooth for corpus).</summary>
    public required SpecValue<MissingCountPolicy> Missing { get; init; }

    /// <summary>The count given to missing or zero entries when <see cref="Missing"/> is smooth (default 1).</summary>
    public required SpecValue<double> SmoothingCount { get; init; }

    /// <summary>
    /// For models without a vocabulary: a file with one token per line, in row order, or a tokenizer (absolute path, or a
    /// named encoding kept as written).
    /// </summary>
    public SpecValue<string>? Vocabulary { get; init; }

    /// <summary>Where the block's key (<c>frequencies:</c>) is written; defaults inside it point here.</summary>
    public required SourceLocation Location { get; init; }
}
