using GroupReduce.Trainer.Corpus;

namespace GroupReduce.Trainer.Tests;

/// <summary>A small inline corpus in the Brown file format, for tests that need documents.</summary>
internal static class TinyCorpus
{
    private static readonly string[] Lines =
    [
        "\tThe/at cat/nn sat/vbd on/in the/at mat/nn ./.",
        "\tA/at dog/nn sat/vbd on/in the/at rug/nn ./.",
        "\tThe/at dog/nn saw/vbd the/at cat/nn ./.",
        "\tThe/at Cat/nn-tl ran/vbd ./.",
        "\tA/at bird/nn sang/vbd on/in the/at tree/nn ./.",
    ];

    /// <summary>Twenty documents, ca01 … ca20, each a rotation of the same five sentences.</summary>
    public static IReadOnlyList<CorpusDocument> Documents() =>
        [.. Enumerable.Range(1, 20).Select(i => BrownCorpusReader.Parse($"ca{i:D2}", Text(i)))];

    public static string Text(int rotation) =>
        string.Join("\n\n\n", Enumerable.Range(0, Lines.Length).Select(j => Lines[(j + rotation) % Lines.Length])) + "\n";
}
