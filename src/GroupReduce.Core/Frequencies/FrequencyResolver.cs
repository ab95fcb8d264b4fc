using GroupReduce.Abstractions;
using GroupReduce.Core.Models;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Frequencies;

/// <summary>
/// Turns the spec's <c>frequencies</c> block into one positive weight per row: counts matched by
/// token (or in row order when there is no vocabulary), a Zipf prior over row order, or uniform.
/// Gaps are errors unless the spec asks for smoothing, and smoothing is always reported.
/// </summary>
public static class FrequencyResolver
{
    private const int ListedExamples = 3;
    private const int TokenExcerptChars = 16;

    /// <summary>Resolves the frequencies of a vocabulary of <paramref name="rows"/> rows.</summary>
    /// <param name="spec">The spec's frequency block.</param>
    /// <param name="rows">The number of vocabulary rows.</param>
    /// <param name="modelVocabulary">The model's own vocabulary, if it carries one.</param>
    /// <returns>The table.</returns>
    public static FrequencyTable Resolve(FrequencySpec spec, long rows, IReadOnlyList<string>? modelVocabulary) => Resolve(spec, rows, modelVocabulary, null);

    /// <summary>Resolves the frequencies of a vocabulary of <paramref name="rows"/> rows, naming the matrices in messages.</summary>
    /// <param name="spec">The spec's frequency block.</param>
    /// <param name="rows">The number of vocabulary rows.</param>
    /// <param name="modelVocabulary">
    /// The model's own vocabulary, if it carries one; used only when it has exactly <paramref name="rows"/> tokens
    /// (otherwise counts are taken in row order, and a mismatch says why).
    /// </param>
    /// <param name="matrixRows">Every compressed matrix's name and row count, so a mismatch names them; may be <see langword="null"/>.</param>
    /// <returns>The table.</returns>
    public static FrequencyTable Resolve(FrequencySpec spec, long rows, IReadOnlyList<string>? modelVocabulary, IReadOnlyList<KeyValuePair<string, long>>? matrixRows)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (rows > int.MaxValue)
        {
            throw new GroupReduceException(ErrorCodes.ImpossibleRank, $"{rows} vocabulary rows are more than this version supports ({int.MaxValue})", spec.Location);
        }

        int n = (int)rows;
        switch (spec.Source.Value)
        {
            case FrequencySource.Uniform:
                return new FrequencyTable(Enumerable.Repeat(1.0, n).ToArray(), "uniform", 0, []);
            case FrequencySource.Zipf:
                double s = spec.Exponent.Value;
                var zipf = new double[n];
                for (int i = 0; i < n; i++)
                {
                    zipf[i] = Math.Pow(i + 1, -s);
                }

                return new FrequencyTable(zipf, $"Zipf prior over row order (f ∝ 1/(i+1)^{s.ToString(System.Globalization.CultureInfo.InvariantCulture)})", 0, []);
            default:
                return FromCounts(spec, n, modelVocabulary, matrixRows);
        }
    }

    private static FrequencyTable FromCounts(FrequencySpec spec, int rows, IReadOnlyList<string>? modelVocabulary, IReadOnlyList<KeyValuePair<string, long>>? matrixRows)
    {
        SpecValue<string> path = spec.Path ?? throw new GroupReduceException(
            SpecErrorCodes.MissingKey, "frequencies.source is counts but no frequencies.path is given; add the path of a token<TAB>count file", spec.Location);
        CountsFile counts = CountsFile.Read(path.Value, path.Location);
        IReadOnlyList<string>? vocabulary = spec.Vocabulary is { } vocabularyPath
            ? ReadVocabulary(vocabularyPath, rows)
            : modelVocabulary?.Count == rows ? modelVocabulary : null;

        var notes = new List<string>();
        var values = new double[rows];
        string description;
        if (vocabulary is null)
        {
            if (counts.Counts.Count != rows)
            {
                throw new GroupReduceException(
                    FrequencyErrorCodes.LengthMismatch,
                    $"{RowOrderReason(modelVocabulary, rows, matrixRows)}, so counts are taken in row order, but '{path.Value}' has {counts.Counts.Count} entries for {rows} rows{Names(matrixRows, rows)}; give one count per row, or name a vocabulary file in frequencies.vocabulary",
                    path.Location);
            }

            for (int i = 0; i < rows; i++)
            {
                values[i] = counts.Counts[i];
            }

            description = $"counts from {Path.GetFileName(path.Value)} in row order";
        }
        else
        {
            if (vocabulary.Count != rows)
            {
                throw new GroupReduceException(
                    FrequencyErrorCodes.LengthMismatch,
                    $"the vocabulary has {vocabulary.Count} tokens but the matrices have {rows} rows",
                    spec.Vocabulary?.Location ?? path.Location);
            }

            var byToken = new Dictionary<string, int>(counts.Tokens.Count, StringComparer.Ordinal);
            for (int k = 0; k < counts.Tokens.Count; k++)
            {
                if (!byToken.TryAdd(counts.Tokens[k], k))
                {
                    throw new GroupReduceException(
                        FrequencyErrorCodes.DuplicateToken,
                        $"the token on line {counts.Lines[k]} ({Token(counts.Tokens[k])}) appears again (first on line {counts.Lines[byToken[counts.Tokens[k]]]}); keep one line per token",
                        new SourceLocation(path.Value, counts.Lines[k], 1));
                }
            }

            var missing = new List<int>();
            var used = new bool[counts.Tokens.Count];
            for (int i = 0; i < rows; i++)
            {
                if (byToken.TryGetValue(vocabulary[i], out int k))
                {
                    values[i] = counts.Counts[k];
                    used[k] = true;
                }
                else
                {
                    values[i] = double.NaN;
                    missing.Add(i);
                }
            }

            if (missing.Count > 0 && spec.Missing.Value == MissingCountPolicy.Error)
            {
                string examples = string.Join(", ", missing.Take(ListedExamples).Select(i => $"{Token(vocabulary[i])} (row {i})"));
                throw new GroupReduceException(
                    FrequencyErrorCodes.MissingTokens,
                    $"{missing.Count} of {rows} vocabulary tokens have no count in '{path.Value}', e.g. {examples}; add them, or set frequencies.missing: smooth to give them frequencies.smoothing",
                    path.Location);
            }

            int unused = used.Count(u => !u);
            if (unused > 0)
            {
                notes.Add($"{unused} token(s) of {Path.GetFileName(path.Value)} are not in the vocabulary and were ignored");
            }

            description = $"counts from {Path.GetFileName(path.Value)} matched by token";
        }

        long smoothed = 0;
        for (int i = 0; i < rows; i++)
        {
            if (double.IsNaN(values[i]) || values[i] <= 0)
            {
                if (spec.Missing.Value == MissingCountPolicy.Error)
                {
                    string what = vocabulary is null ? $"row {i}" : $"{Token(vocabulary[i])} (row {i})";
                    throw new GroupReduceException(
                        FrequencyErrorCodes.NonPositiveCount,
                        $"{what} has count {values[i]}; counts must be positive — fix the file, or set frequencies.missing: smooth to give such rows frequencies.smoothing",
                        path.Location);
                }

                values[i] = spec.SmoothingCount.Value;
                smoothed++;
            }
        }

        if (smoothed > 0)
        {
            notes.Add($"{smoothed} row(s) without a positive count were given the smoothing count {spec.SmoothingCount.Value}");
        }

        return new FrequencyTable(values, description, smoothed, notes);
    }

    private static List<string> ReadVocabulary(SpecValue<string> path, int rows)
    {
        var tokens = new List<string>(Math.Min(rows, 1 << 20));
        using TextLines reader = TextLines.Open(path.Value, path.Location, "vocabulary file");
        while (reader.ReadLine() is { } line)
        {
            tokens.Add(line);
        }

        // A trailing empty line is an editor artefact, not a token.
        if (tokens.Count == rows + 1 && tokens[^1].Length == 0)
        {
            tokens.RemoveAt(tokens.Count - 1);
        }

        return tokens;
    }

    private static string RowOrderReason(IReadOnlyList<string>? modelVocabulary, long rows, IReadOnlyList<KeyValuePair<string, long>>? matrixRows)
    {
        string reason = modelVocabulary is null
            ? "the model has no vocabulary"
            : $"the model's vocabulary has {modelVocabulary.Count} tokens, not {rows}";
        if (matrixRows is not null && matrixRows.Select(m => m.Value).Distinct().Count() > 1)
        {
            reason += $" (the matrices' row counts differ: {string.Join(", ", matrixRows.Select(m => $"'{m.Key}' has {m.Value} rows"))})";
        }

        return reason;
    }

    private static string Names(IReadOnlyList<KeyValuePair<string, long>>? matrixRows, long rows)
    {
        string[] names = matrixRows?.Where(m => m.Value == rows).Select(m => $"'{m.Key}'").ToArray() ?? [];
        return names.Length == 0 ? string.Empty : $" of {string.Join(" and ", names)}";
    }

    // Tokens may come from any file a spec names; quote a short escaped excerpt, never whole lines.
    private static string Token(string token) => $"'{Excerpt.Of(token, TokenExcerptChars)}'";
}
