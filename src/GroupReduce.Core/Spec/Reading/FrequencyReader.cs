using GroupReduce.Abstractions;
using GroupReduce.Core.Spec.Yaml;
using GroupReduce.Core.Tokenizers;

namespace GroupReduce.Core.Spec.Reading;

/// <summary>Reads <c>frequencies</c>. There is no silent default source: the user must choose one.</summary>
internal static class FrequencyReader
{
    private const string Choices =
        "'source: counts' and 'path: counts.tsv' (token<TAB>count per line), 'source: corpus' and 'path: corpus.txt' (text counted with the model's tokenizer), 'source: zipf' when the model's rows are sorted by frequency, or 'source: uniform'";

    /// <summary>Reads the block.</summary>
    /// <param name="entry">The <c>frequencies</c> entry, or <see langword="null"/> when absent.</param>
    /// <param name="root">Where the top-level mapping starts (for the error when the block is absent).</param>
    /// <param name="paths">Resolves file paths.</param>
    /// <returns>The frequency settings.</returns>
    public static FrequencySpec Read(SpecEntry? entry, SourceLocation root, SpecPaths paths)
    {
        if (entry is null)
        {
            throw new GroupReduceException(
                SpecErrorCodes.FrequencySourceUnspecified,
                $"the spec does not say where word frequencies come from; add a 'frequencies' block with {Choices}",
                root);
        }

        var reader = new MappingReader(entry.Value, entry.Key.Location, "frequencies", "source", "path", "exponent", "missing", "smoothing", "vocabulary", "tokenizer", "padding", "power");
        SourceLocation at = reader.Location;
        SpecEntry? pathEntry = reader.Get("path");
        SpecValue<string>? path = pathEntry is { Value: not SpecSequence } ? paths.Resolve(pathEntry.Value, reader.PathOf("path")) : null;

        SpecValue<FrequencySource> source;
        if (reader.Get("source") is { } sourceEntry)
        {
            source = ValueReader.Word(sourceEntry.Value, reader.PathOf("source"), SpecWords.FrequencySources);
        }
        else if (path is not null)
        {
            source = ValueReader.Default(FrequencySource.Counts, at);
        }
        else
        {
            throw new GroupReduceException(
                SpecErrorCodes.FrequencySourceUnspecified,
                $"'frequencies' names no source; add {Choices}",
                at);
        }

        IReadOnlyList<SpecValue<string>> corpus = [];
        if (source.Value == FrequencySource.Corpus)
        {
            corpus = pathEntry is null
                ? throw new GroupReduceException(SpecErrorCodes.MissingKey, "missing required key 'frequencies.path': 'source: corpus' needs the text to count; add e.g. 'path: corpus.txt', a pattern 'path: corpus/*.txt' or a list", at)
                : CorpusFiles(pathEntry.Value, reader.PathOf("path"), paths);
            path = corpus[0];
        }
        else if (pathEntry is { Value: SpecSequence })
        {
            throw new GroupReduceException(SpecErrorCodes.WrongType, $"'{reader.PathOf("path")}' is a list; only 'source: corpus' reads several files — give one counts file", pathEntry.Key.Location);
        }

        if (source.Value == FrequencySource.Counts && path is null)
        {
            throw new GroupReduceException(
                SpecErrorCodes.MissingKey,
                "missing required key 'frequencies.path': 'source: counts' needs a counts file (token<TAB>count per line); add e.g. 'path: counts.tsv'",
                at);
        }

        return new FrequencySpec
        {
            Source = source,
            Path = path,
            Exponent = reader.Read("exponent", 1.0, PositiveNumber),
            Corpus = corpus,
            // Counted text leaves most of a large vocabulary unseen: those rows are smoothed, not an error, unless asked.
            Missing = reader.Read("missing", source.Value == FrequencySource.Corpus ? MissingCountPolicy.Smooth : MissingCountPolicy.Error, (node, what) => ValueReader.Word(node, what, SpecWords.MissingCountPolicies)),
            SmoothingCount = reader.Read("smoothing", 1.0, PositiveNumber),
            Vocabulary = reader.Get("vocabulary") is { } vocabulary ? TokenizerOrPath(vocabulary.Value, reader.PathOf("vocabulary"), paths) : null,
            Tokenizer = reader.Get("tokenizer") is { } tokenizer ? TokenizerOrPath(tokenizer.Value, reader.PathOf("tokenizer"), paths) : null,
            // 0.7, not the paper's 1: rare rows matter more to perplexity than their counts say (docs/results/defaults.md).
            Power = reader.Read("power", FrequencySpec.DefaultPower, (node, what) => ValueReader.Real(node, what, "a number from 0 to 2", value => value >= 0 && value <= 2)),
            Padding = reader.Read("padding", PaddingPolicy.Smooth, (node, what) => ValueReader.Word(node, what, SpecWords.PaddingPolicies)),
            Location = at,
        };
    }

    // A named tiktoken encoding (gpt2, cl100k_base, ...) stays as written; anything else is a path.
    private static SpecValue<string> TokenizerOrPath(SpecNode node, string what, SpecPaths paths) =>
        node is SpecScalar scalar && TokenizerFiles.IsEncodingName(scalar.Value) && !File.Exists(Path.Combine(paths.BaseDirectory, scalar.Value))
            ? ValueReader.Text(node, what, "a tokenizer file or encoding name")
            : paths.Resolve(node, what);

    // Each item is a file or a pattern with * or ? in its last part; matches are taken in ordinal order, each file once.
    private static List<SpecValue<string>> CorpusFiles(SpecNode node, string what, SpecPaths paths)
    {
        IReadOnlyList<SpecNode> items = node is SpecSequence list ? list.Items : [node];
        if (items.Count == 0)
        {
            throw new GroupReduceException(SpecErrorCodes.EmptyValue, $"'{what}' is an empty list; name at least one text file", node.Location);
        }

        var files = new List<SpecValue<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < items.Count; i++)
        {
            string itemWhat = node is SpecSequence ? $"{what}[{i}]" : what;
            SpecValue<string> item = paths.Resolve(items[i], itemWhat);
            IEnumerable<string> matches;
            if (CorpusPattern.IsPattern(item.Value))
            {
                if (CorpusPattern.HasFolderWildcard(item.Value))
                {
                    throw new GroupReduceException(SpecErrorCodes.InvalidPath, $"'{itemWhat}' has a wildcard in a folder name; only the file name may hold * or ? (e.g. 'corpus/*.txt')", item.Location);
                }

                matches = CorpusPattern.Matches(item.Value);
            }
            else
            {
                matches = File.Exists(item.Value) ? [item.Value] : [];
            }

            int before = files.Count;
            foreach (string match in matches)
            {
                if (seen.Add(match))
                {
                    files.Add(item with { Value = match });
                }
            }

            if (files.Count == before && !matches.Any())
            {
                throw new GroupReduceException(
                    SpecErrorCodes.CorpusMatchesNothing,
                    $"'{itemWhat}' ('{item.Value}') matches no file; check the path, which is relative to the spec's folder",
                    item.Location);
            }
        }

        return files;
    }

    private static SpecValue<double> PositiveNumber(SpecNode node, string what) =>
        ValueReader.Real(node, what, "a number greater than 0", value => value > 0);
}
