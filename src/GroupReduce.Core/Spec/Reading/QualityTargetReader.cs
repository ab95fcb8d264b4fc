using System.Globalization;
using GroupReduce.Abstractions;
using GroupReduce.Core.Spec.Yaml;

namespace GroupReduce.Core.Spec.Reading;

/// <summary>Reads <c>budget.target</c>: one measure with its limit, the data it is measured on, and the search's bounds.</summary>
internal static class QualityTargetReader
{
    private const string Path = "budget.target";

    /// <summary>Reads the block.</summary>
    /// <param name="entry">The <c>target</c> entry.</param>
    /// <param name="paths">Resolves data files.</param>
    /// <returns>The target.</returns>
    public static QualityTargetSpec Read(SpecEntry entry, SpecPaths paths)
    {
        var reader = new MappingReader(entry.Value, entry.Key.Location, Path, "perplexity_increase", "weighted_error", "tokens", "max_sentences", "hidden", "next", "softmax", "max_rate", "trials");
        SpecEntry? perplexity = reader.Get("perplexity_increase");
        SpecEntry? error = reader.Get("weighted_error");
        if (perplexity is not null && error is not null)
        {
            // Reported at whichever is written second: the first one stands.
            SpecEntry second = reader.Entries.Last(e => e == perplexity || e == error);
            throw new GroupReduceException(SpecErrorCodes.InvalidTarget, $"'{Path}' bounds both perplexity_increase and weighted_error; keep one", second.Key.Location);
        }

        SpecEntry measure = perplexity ?? error ?? throw new GroupReduceException(
            SpecErrorCodes.InvalidTarget,
            $"'{Path}' names no quality to keep; add 'perplexity_increase: 2%' (with 'tokens: valid.txt', or 'hidden:' and 'next:') or 'weighted_error: 8%'",
            reader.Location);
        SpecValue<double> limit = Fraction(measure.Value, reader.PathOf(measure.Name));
        SpecValue<string>? tokens = reader.Get("tokens") is { } t ? paths.Resolve(t.Value, reader.PathOf("tokens")) : null;
        SpecValue<string>? hidden = reader.Get("hidden") is { } h ? paths.Resolve(h.Value, reader.PathOf("hidden")) : null;
        SpecValue<string>? next = reader.Get("next") is { } n ? paths.Resolve(n.Value, reader.PathOf("next")) : null;
        if ((hidden is null) != (next is null))
        {
            throw new GroupReduceException(SpecErrorCodes.InvalidTarget, $"'{Path}' gives {(hidden is null ? "'next' without 'hidden'" : "'hidden' without 'next'")}; softmax calibration needs both the hidden states and the next tokens", (hidden ?? next)!.Location);
        }

        if (perplexity is not null && tokens is null && hidden is null)
        {
            throw new GroupReduceException(SpecErrorCodes.InvalidTarget, $"'{Path}.perplexity_increase' needs data to measure perplexity on: add 'tokens: valid.txt' (an nplm model's held-out text) or 'hidden: h.npy' and 'next: y.npy' (softmax calibration)", perplexity.Key.Location);
        }

        if (tokens is not null && hidden is not null)
        {
            throw new GroupReduceException(SpecErrorCodes.InvalidTarget, $"'{Path}' gives both 'tokens' and 'hidden'; measure perplexity one way", hidden.Location);
        }

        return new QualityTargetSpec
        {
            Measure = new SpecValue<QualityMeasure>(perplexity is not null ? QualityMeasure.PerplexityIncrease : QualityMeasure.WeightedError, measure.Key.Location),
            Limit = limit,
            Tokens = tokens,
            MaxSentences = reader.Get("max_sentences") is { } m ? ValueReader.Integer(m.Value, reader.PathOf("max_sentences"), 1, int.MaxValue) : null,
            Hidden = hidden,
            Next = next,
            Softmax = reader.Get("softmax") is { } s ? ValueReader.Text(s.Value, reader.PathOf("softmax"), "a tensor name") : null,
            MaxRate = reader.Get("max_rate") is { } r
                ? new SpecValue<double>(BudgetText.ParseRate(ValueReader.Scalar(r.Value, reader.PathOf("max_rate"), "a rate such as 50x").Value, r.Value.Location, reader.PathOf("max_rate")), r.Value.Location)
                : ValueReader.Default(64.0, reader.Location),
            Trials = reader.Read("trials", 8, (node, what) => ValueReader.Integer(node, what, 2, 64)),
        };
    }

    // "2%" or a fraction such as 0.02; a bare number above 1 is almost surely a forgotten percent sign.
    private static SpecValue<double> Fraction(SpecNode node, string what)
    {
        const string expected = "a percentage such as 2% (or a fraction such as 0.02), greater than 0";
        SpecScalar scalar = ValueReader.Scalar(node, what, expected);
        string text = scalar.Value.Trim();
        bool percent = text.EndsWith('%');
        if (!double.TryParse(percent ? text[..^1].TrimEnd() : text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new GroupReduceException(SpecErrorCodes.InvalidNumber, $"'{what}' must be {expected}, not '{scalar.Value}'", scalar.Location);
        }

        double fraction = percent ? value / 100 : value;
        if (fraction <= 0 || (!percent && value > 1))
        {
            throw new GroupReduceException(
                SpecErrorCodes.OutOfRange,
                !percent && value > 1 ? $"'{what}' is {text}; write a percentage with its sign (e.g. {text}%) or a fraction below 1" : $"'{what}' is {text}; it must be greater than 0",
                scalar.Location);
        }

        return new SpecValue<double>(fraction, scalar.Location);
    }
}
