using GroupReduce.Abstractions;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Tokenizers;

namespace GroupReduce.Core.Frequencies;

/// <summary>
/// What frequency resolution needs beyond the spec: the model's path (a tokenizer beside it is the vocabulary when the
/// model carries none), and, once loaded, the tokenizer, kept for every matrix size of the run so it is read once.
/// </summary>
public sealed class FrequencyContext
{
    private readonly Dictionary<string, ModelTokenizer> _tokenizers = new(StringComparer.Ordinal);
    private (ModelTokenizer Tokenizer, IReadOnlyList<string> Files, CorpusCounts Counts)? _counts;

    /// <summary>Creates the context.</summary>
    /// <param name="modelPath">The model file, a checkpoint's index or its folder; null when there is none to look beside.</param>
    /// <param name="cancellationToken">Stops long work (counting a corpus).</param>
    public FrequencyContext(string? modelPath, CancellationToken cancellationToken = default)
    {
        ModelPath = modelPath;
        CancellationToken = cancellationToken;
    }

    /// <summary>How a corpus is counted: threads, the counts cache, progress (defaults: all processors, the default cache, none).</summary>
    public CorpusCountOptions CountOptions { get; init; } = new();

    /// <summary>Warnings met while resolving (a counts cache that could not be used, GR2136), each with its code.</summary>
    public List<(string Code, string Message)> Warnings { get; } = [];

    /// <summary>The model's path, if any.</summary>
    public string? ModelPath { get; }

    /// <summary>Stops long work.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The tokenizer found beside the model (<see cref="TokenizerFiles.FindBeside"/>), or null.</summary>
    public string? TokenizerBesideModel => ModelPath is null ? null : TokenizerFiles.FindBeside(ModelPath);

    /// <summary>The tokenizer files this context has read (a vocab.json's merges.txt with it), full paths: inputs of the run.</summary>
    public IReadOnlyList<string> FilesRead => [.. _tokenizers.Values.SelectMany(t => t.Files).Distinct(StringComparer.Ordinal)];

    /// <summary>Loads a tokenizer once per run.</summary>
    /// <param name="pathOrName">A file or an encoding name.</param>
    /// <param name="namedAt">Where it was named.</param>
    /// <returns>The tokenizer.</returns>
    public ModelTokenizer Tokenizer(string pathOrName, SourceLocation? namedAt)
    {
        if (!_tokenizers.TryGetValue(pathOrName, out ModelTokenizer? tokenizer))
        {
            tokenizer = TokenizerFiles.Load(pathOrName, namedAt);
            _tokenizers[pathOrName] = tokenizer;
        }

        return tokenizer;
    }

    /// <summary>Counts a corpus once per run (every matrix size of the run shares the counts), through the counts cache.</summary>
    /// <param name="files">The corpus files, in order.</param>
    /// <param name="tokenizer">The tokenizer.</param>
    /// <returns>The counts.</returns>
    public CorpusCounts Count(IReadOnlyList<string> files, ModelTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (_counts is { } done && done.Tokenizer == tokenizer && done.Files.SequenceEqual(files, StringComparer.Ordinal))
        {
            return done.Counts;
        }

        CorpusCounts counts = CorpusCounter.Count(files, tokenizer, CountOptions, CancellationToken);
        if (counts.CacheProblem is { } problem)
        {
            Warnings.Add((CorpusErrorCodes.CacheUnavailable, problem));
        }

        _counts = (tokenizer, files, counts);
        return counts;
    }

    /// <summary>
    /// The tokenizer a spec's frequencies use: <c>frequencies.tokenizer</c>, else <c>frequencies.vocabulary</c> when it
    /// is a tokenizer, else (when <paramref name="besideModel"/>) the tokenizer beside the model; null when none.
    /// </summary>
    /// <param name="spec">The frequency block.</param>
    /// <param name="besideModel">Whether a tokenizer beside the model may be used.</param>
    /// <returns>The tokenizer and where it came from, or null.</returns>
    public ModelTokenizer? TokenizerFor(FrequencySpec spec, bool besideModel)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Tokenizer is { } named)
        {
            return Tokenizer(named.Value, named.Location);
        }

        if (spec.Vocabulary is { } vocabulary && TokenizerFiles.IsTokenizer(vocabulary.Value))
        {
            return Tokenizer(vocabulary.Value, vocabulary.Location);
        }

        return besideModel && TokenizerBesideModel is { } beside ? Tokenizer(beside, null) : null;
    }
}
