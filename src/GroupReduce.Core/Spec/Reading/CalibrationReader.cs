using GroupReduce.Abstractions;
using GroupReduce.Core.Spec.Yaml;

namespace GroupReduce.Core.Spec.Reading;

/// <summary>Reads <c>calibration</c>, which is optional; inside it exactly one of <c>hidden</c> and <c>tokens</c>.</summary>
internal static class CalibrationReader
{
    /// <summary>Reads the block.</summary>
    /// <param name="entry">The <c>calibration</c> entry, or <see langword="null"/> when the spec has none.</param>
    /// <param name="paths">Resolves the files against the spec's folder.</param>
    /// <returns>The settings, or <see langword="null"/>.</returns>
    public static CalibrationSpec? Read(SpecEntry? entry, SpecPaths paths)
    {
        if (entry is null)
        {
            return null;
        }

        var reader = new MappingReader(entry.Value, entry.Key.Location, "calibration", "hidden", "tokens", "max_sentences", "embedding", "matrix", "epsilon");
        SpecEntry? hidden = reader.Get("hidden");
        SpecEntry? tokens = reader.Get("tokens");
        if (hidden is not null && tokens is not null)
        {
            throw new GroupReduceException(SpecErrorCodes.ConflictingCalibration, "'calibration' gives both 'hidden' and 'tokens'; keep one: hidden states you exported, or a token file the model (of the repository's families) is run on", tokens.Key.Location);
        }

        if (hidden is null && tokens is null)
        {
            throw new GroupReduceException(SpecErrorCodes.MissingKey, "'calibration' needs 'hidden' (e.g. hidden: softmax-inputs.npy, [N, d]) or, for the repository's model families, 'tokens' (e.g. tokens: valid.txt)", reader.Location);
        }

        // Keys that belong to the other source are mistakes the user should hear about, not silent no-ops.
        foreach ((string key, bool allowed, string why) in new[]
        {
            ("matrix", hidden is not null, "'tokens' calibrates the family's own softmax.weight and embedding.weight"),
            ("max_sentences", tokens is not null, "it limits a token file; 'hidden' uses every row of its file"),
            ("embedding", tokens is not null, "only a token file gives the next layer's weights; 'hidden' calibrates one matrix"),
        })
        {
            if (!allowed && reader.Get(key) is { } wrong)
            {
                throw new GroupReduceException(SpecErrorCodes.ConflictingCalibration, $"'calibration.{key}' does not go with '{(hidden is not null ? "hidden" : "tokens")}': {why}; remove it", wrong.Key.Location);
            }
        }

        return new CalibrationSpec
        {
            Hidden = hidden is null ? null : paths.Resolve(hidden.Value, reader.PathOf("hidden")),
            Tokens = tokens is null ? null : paths.Resolve(tokens.Value, reader.PathOf("tokens")),
            MaxSentences = reader.Get("max_sentences") is { } max ? ValueReader.Integer(max.Value, reader.PathOf("max_sentences"), 1, int.MaxValue) : null,
            // Off by default: the next layer's metric did not lower perplexity on either committed model (docs/results/defaults.md).
            Embedding = reader.Read("embedding", false, ValueReader.Boolean),
            Matrix = reader.Get("matrix") is { } matrix ? ValueReader.Text(matrix.Value, reader.PathOf("matrix"), "a tensor name") : null,
            // 1: half way between the plain row error and the pure logit metric, measured best on both model families
            // (docs/results/defaults.md); a pure metric (tiny ε) spent bytes on directions that hurt the gru model.
            Epsilon = reader.Read("epsilon", 1.0, (node, what) => ValueReader.Real(node, what, "a number from 1e-9 to 1000", value => value is >= 1e-9 and <= 1000)),
            Location = reader.Location,
        };
    }
}
