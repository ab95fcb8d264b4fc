using GroupReduce.Abstractions;
using GroupReduce.Core.Models;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Tokenizers;

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
    public static FrequencyTable Resolve(FrequencySpec spec, long rows, IReadOnlyList<string>? modelVocabulary, IReadOnlyList<KeyValuePair<string, long>>? matrixRows) =>
        Resolve(spec, rows, modelVocabulary, matrixRows, null);

    /// <summary>Resolves the frequencies of a vocabulary of <paramref name="rows"/> rows, with the run's tokenizers and model path.</summary>
    /// <param name="spec">The spec's frequency block.</param>
    /// <param name="rows">The number of vocabulary rows.</param>
    /// <param name="modelVocabulary">The model's own vocabulary, if it carries one.</param>
    /// <param name="matrixRows">Every compressed matrix's name and row count, so a mismatch names them; may be <see langword="null"/>.</param>
    /// <param name="context">
    /// The model's path (a tokenizer beside it is the vocabulary when the model has none that fits) and the run's loaded
    /// tokenizers; null to use only what the spec names.
    /// </param>
    /// <returns>The table.</returns>
    public static FrequencyTable Resolve(FrequencySpec spec, long rows, IReadOnlyList<string>? modelVocabulary, IReadOnlyList<KeyValuePair<string, long>>? matrixRows, FrequencyContext? context)
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
            case FrequencySource.Corpus:
                return FromCorpus(spec, n, context ?? new FrequencyContext(null));
            default:
                return FromCounts(spec, n, modelVocabulary, matrixRows, context);
        }
    }

    private static FrequencyTable FromCounts(FrequencySpec spec, int rows, IReadOnlyList<string>? modelVocabulary, IReadOnlyList<KeyValuePair<string, long>>? matrixRows, FrequencyContext? context)
    {
        SpecValue<string> path = spec.Path ?? throw new GroupReduceException(
            SpecErrorCodes.MissingKey, "frequencies.source is counts but no frequencies.path is given; add the path of a token<TAB>count file", spec.Location);
        CountsFile counts = CountsFile.Read(path.Value, path.Location);
        var notes = new List<string>();
        ModelTokenizer? tokenizer = (context ?? new FrequencyContext(null)).TokenizerFor(spec, besideModel: modelVocabulary?.Count != rows);
        int padded = 0;
        IReadOnlyList<string>? vocabulary;
        if (tokenizer is not null)
        {
            padded = Padding(spec, tokenizer, rows);
            vocabulary = tokenizer.Tokens;
            notes.Add($"vocabulary: {tokenizer.Describe()}");
        }
        else
        {
            vocabulary = spec.Vocabulary is { } vocabularyPath
                ? ReadVocabulary(vocabularyPath, rows)
                : modelVocabulary?.Count == rows ? modelVocabulary : null;
        }

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
            if (tokenizer is null && vocabulary.Count != rows)
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
                if (i >= vocabulary.Count || IsHole(vocabulary[i]))
                {
                    // Padding rows and unused ids: no text selects them, so no count can exist; smoothed below, reported apart.
                    values[i] = double.NaN;
                }
                else if (byToken.TryGetValue(vocabulary[i], out int k))
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

        return Smooth(spec, values, vocabulary, description, notes, path.Location, tokenizer is null ? 0 : padded, tokenizer?.Holes ?? 0);
    }

    private static FrequencyTable Smooth(FrequencySpec spec, double[] values, IReadOnlyList<string>? vocabulary, string description, List<string> notes, SourceLocation at, int padded, int holes)
    {
        int rows = values.Length;
        long smoothed = 0;
        long unselectable = 0;
        for (int i = 0; i < rows; i++)
        {
            if (vocabulary is not null && (i >= vocabulary.Count || IsHole(vocabulary[i])))
            {
                values[i] = spec.SmoothingCount.Value;
                unselectable++;
                continue;
            }

            if (double.IsNaN(values[i]) || values[i] <= 0)
            {
                if (spec.Missing.Value == MissingCountPolicy.Error)
                {
                    string what = vocabulary is null ? $"row {i}" : $"{Token(vocabulary[i])} (row {i})";
                    throw new GroupReduceException(
                        FrequencyErrorCodes.NonPositiveCount,
                        $"{what} has count {values[i]}; counts must be positive — fix the file, or set frequencies.missing: smooth to give such rows frequencies.smoothing",
                        at);
                }

                values[i] = spec.SmoothingCount.Value;
                smoothed++;
            }
        }

        if (smoothed > 0)
        {
            notes.Add($"{smoothed} row(s) without a positive count were given the smoothing count {spec.SmoothingCount.Value}");
        }

        if (padded > 0)
        {
            notes.Add($"{padded} padding row(s) past the tokenizer's {rows - padded} tokens (rows {rows - padded}–{rows - 1}) were given the smoothing count {spec.SmoothingCount.Value} (frequencies.padding: smooth)");
        }

        if (holes > 0)
        {
            notes.Add($"{holes} id(s) the tokenizer gives no token were given the smoothing count {spec.SmoothingCount.Value}");
        }

        return new FrequencyTable(values, description, smoothed, notes) { PaddedRows = unselectable };
    }

    /// <summary>Rows past the tokenizer's size: checked against the matrix and the padding policy.</summary>
    /// <returns>How many rows are padding.</returns>
    private static int Padding(FrequencySpec spec, ModelTokenizer tokenizer, int rows)
    {
        SourceLocation at = spec.Tokenizer?.Location ?? spec.Vocabulary?.Location ?? spec.Location;
        if (tokenizer.Size > rows)
        {
            throw new GroupReduceException(
                TokenizerErrorCodes.LargerThanMatrix,
                $"the tokenizer {tokenizer.Describe()} ('{tokenizer.Source}') has {tokenizer.Size:N0} tokens but the matrices have {rows:N0} rows: it belongs to another model. Use the tokenizer published with this checkpoint",
                at);
        }

        int padded = rows - tokenizer.Size;
        if (padded > 0 && spec.Padding.Value == PaddingPolicy.Error)
        {
            throw new GroupReduceException(
                TokenizerErrorCodes.PaddedRows,
                $"the matrices have {rows:N0} rows but the tokenizer {tokenizer.Describe()} has {tokenizer.Size:N0} tokens: {padded:N0} row(s) are padding, which frequencies.padding: error refuses; remove the setting to give them frequencies.smoothing",
                spec.Padding.Location);
        }

        return padded;
    }

    private static bool IsHole(string token) => token.StartsWith(ModelTokenizer.HolePrefix, StringComparison.Ordinal);

    private static FrequencyTable FromCorpus(FrequencySpec spec, int rows, FrequencyContext context)
    {
        ModelTokenizer tokenizer = context.TokenizerFor(spec, besideModel: true) ?? throw new GroupReduceException(
            SpecErrorCodes.MissingKey,
            $"'source: corpus' needs a tokenizer to split the text, and neither frequencies.tokenizer nor frequencies.vocabulary names one{(context.ModelPath is null ? string.Empty : $", nor is there {string.Join(", ", TokenizerFiles.BesideModel)} beside the model")}; add e.g. 'tokenizer: tokenizer.json' or 'tokenizer: gpt2'",
            spec.Location);
        int padded = Padding(spec, tokenizer, rows);
        CorpusCounts counts = context.Count(spec.Corpus.Select(f => f.Value).ToList(), tokenizer);
        var values = new double[rows];
        for (int i = 0; i < tokenizer.Size; i++)
        {
            values[i] = counts.Counts[i];
        }

        string files = counts.Files.Count == 1 ? Path.GetFileName(counts.Files[0]) : $"{counts.Files.Count} files";
        var notes = new List<string>
        {
            $"vocabulary: {tokenizer.Describe()}",
            FormattableString.Invariant($"counted {counts.Tokens:N0} tokens in {files} ({counts.Bytes:N0} bytes, {counts.Lines:N0} lines): {counts.DistinctIds:N0} of {tokenizer.Size:N0} ids occur{(counts.FromCache ? "; counts read from the cache" : string.Empty)}"),
        };
        if (tokenizer.Notes is { } tokenizerNotes)
        {
            notes.Add($"tokenizer: {tokenizerNotes}");
        }

        string description = $"counts of {files} tokenised with {tokenizer.Describe()}";
        return Smooth(spec, values, tokenizer.Tokens, description, notes, spec.Path?.Location ?? spec.Location, padded, tokenizer.Holes);
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
