using GroupReduce.Core.Frequencies;
using GroupReduce.Core.Spec;
using GroupReduce.Fuzzing.Mutations;

namespace GroupReduce.Fuzzing.Targets;

/// <summary>
/// A counts file or a vocabulary file, read as the engine reads it: through the spec's frequency block and
/// <see cref="FrequencyResolver"/>, beside a valid file of the other kind.
/// </summary>
public sealed class FrequencyFileTarget : FuzzTarget
{
    private const int Rows = 40;
    private static readonly string[] Tokens = [.. Enumerable.Range(0, Rows).Select(i => i % 7 == 3 ? $"tok en{i}" : $"tok{i}")];
    private readonly bool _vocabulary;

    /// <summary>Creates the target.</summary>
    /// <param name="vocabulary">True to mutate the vocabulary file, false for the counts file.</param>
    public FrequencyFileTarget(bool vocabulary) => _vocabulary = vocabulary;

    /// <inheritdoc />
    public override string Name => _vocabulary ? "vocabulary" : "counts";

    /// <inheritdoc />
    public override InputShape Shape => InputShape.Text;

    /// <inheritdoc />
    protected override string InputFileName => _vocabulary ? "vocab.txt" : "counts.tsv";

    /// <inheritdoc />
    protected override FuzzOutcome Exercise(string path, string folder)
    {
        File.WriteAllText(Path.Combine(folder, _vocabulary ? "counts.tsv" : "vocab.txt"), _vocabulary ? CountsText() : VocabularyText());
        string spec = """
            version: 1
            matrices: [m]
            frequencies:
              source: counts
              path: counts.tsv
              vocabulary: vocab.txt
              missing: smooth
            budget:
              rate: 4x
            """;
        CompressionSpec parsed = SpecLoader.Parse(spec, Path.Combine(folder, "groupreduce.yaml"));
        FrequencyTable table = FrequencyResolver.Resolve(parsed.Frequencies, Rows, null);
        _ = table.Description;
        return FuzzOutcome.Accepted;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<FuzzSeed> CreateSeeds() => _vocabulary
        ? [new FuzzSeed("vocabulary", System.Text.Encoding.UTF8.GetBytes(VocabularyText()))]
        : [
            new FuzzSeed("counts", System.Text.Encoding.UTF8.GetBytes(CountsText())),
            new FuzzSeed("counts, CRLF and a BOM", [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(CountsText().Replace("\n", "\r\n", StringComparison.Ordinal))]),
        ];

    /// <inheritdoc />
    protected override bool IsExpectedCode(string code) => code.StartsWith("GR21", StringComparison.Ordinal);

    private static string VocabularyText() => string.Join('\n', Tokens) + "\n";

    private static string CountsText() => string.Concat(Tokens.Select((t, i) => $"{t}\t{1000 / (i + 1)}.5\n"));
}
