using GroupReduce.Abstractions;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Tests.Spec;

/// <summary>Spec texts and assertions shared by the spec tests.</summary>
internal static class SpecText
{
    /// <summary>A spec path that is never read: Parse only uses it for messages and its folder.</summary>
    public static readonly string SpecPath = Path.Combine(Path.GetTempPath(), "gr-spec-tests", "groupreduce.yaml");

    /// <summary>The folder relative paths resolve against.</summary>
    public static readonly string SpecFolder = Path.GetDirectoryName(SpecPath)!;

    /// <summary>The smallest valid spec: four lines, so a test's own lines start at line 5.</summary>
    public static readonly string[] Minimal =
    [
        "version: 1",
        "matrices: [emb]",
        "frequencies: { source: uniform }",
        "budget: { rate: 4x }",
    ];

    /// <summary>Joins lines with '\n'.</summary>
    /// <param name="lines">The lines.</param>
    /// <returns>The text.</returns>
    public static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    /// <summary>The minimal spec followed by <paramref name="lines"/> (which start at line 5).</summary>
    /// <param name="lines">Extra lines.</param>
    /// <returns>The text.</returns>
    public static string MinimalWith(params string[] lines) => Lines([.. Minimal, .. lines]);

    /// <summary>Parses with <see cref="SpecPath"/>.</summary>
    /// <param name="text">The spec text.</param>
    /// <returns>The spec.</returns>
    public static CompressionSpec Parse(string text) => SpecLoader.Parse(text, SpecPath);

    /// <summary>Asserts that parsing fails with <paramref name="code"/> at the given line and column.</summary>
    /// <param name="text">The spec text.</param>
    /// <param name="code">The expected code.</param>
    /// <param name="line">The expected 1-based line.</param>
    /// <param name="column">The expected 1-based column.</param>
    /// <param name="messageParts">Texts the message must contain.</param>
    /// <returns>The error.</returns>
    public static GroupReduceException Fails(string text, string code, int line, int column, params string[] messageParts)
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Parse(text));
        Assert.True(code == error.Code, $"expected {code}, got {error.ToDiagnosticString()}");
        Assert.Equal(new SourceLocation(SpecPath, line, column), error.Location);
        foreach (string part in messageParts)
        {
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }

        return error;
    }

    /// <summary>A location in <see cref="SpecPath"/>.</summary>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <returns>The location.</returns>
    public static SourceLocation At(int line, int column) => new(SpecPath, line, column);
}
