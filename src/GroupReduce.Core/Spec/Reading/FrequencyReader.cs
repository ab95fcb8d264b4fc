using GroupReduce.Abstractions;
using GroupReduce.Core.Spec.Yaml;

namespace GroupReduce.Core.Spec.Reading;

/// <summary>Reads <c>frequencies</c>. There is no silent default source: the user must choose one.</summary>
internal static class FrequencyReader
{
    private const string Choices =
        "'source: counts' and 'path: counts.tsv' (token<TAB>count per line), 'source: zipf' when the model's rows are sorted by frequency, or 'source: uniform'";

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

        var reader = new MappingReader(entry.Value, entry.Key.Location, "frequencies", "source", "path", "exponent", "missing", "smoothing", "vocabulary");
        SourceLocation at = reader.Location;
        SpecValue<string>? path = reader.Get("path") is { } pathEntry ? paths.Resolve(pathEntry.Value, reader.PathOf("path")) : null;

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
            Missing = reader.Read("missing", MissingCountPolicy.Error, (node, what) => ValueReader.Word(node, what, SpecWords.MissingCountPolicies)),
            SmoothingCount = reader.Read("smoothing", 1.0, PositiveNumber),
            Vocabulary = reader.Get("vocabulary") is { } vocabulary ? paths.Resolve(vocabulary.Value, reader.PathOf("vocabulary")) : null,
            Location = at,
        };
    }

    private static SpecValue<double> PositiveNumber(SpecNode node, string what) =>
        ValueReader.Real(node, what, "a number greater than 0", value => value > 0);
}
