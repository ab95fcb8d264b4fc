using GroupReduce.Abstractions;
using GroupReduce.Core.Spec;
using static GroupReduce.Core.Tests.Spec.SpecText;

namespace GroupReduce.Core.Tests.Spec;

/// <summary>YAML-level problems: syntax, indentation, tabs, documents, aliases.</summary>
public sealed class SpecYamlTests
{
    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("# only a comment\n# and another\n")]
    [InlineData("---\n")]
    [InlineData("~\n")]
    [InlineData("\uFEFF")]
    public void Empty_spec_is_an_error_at_the_first_line(string text) =>
        Fails(text, SpecErrorCodes.EmptySpec, 1, 1, "the spec is empty");

    [Fact]
    public void Second_document_is_an_error() =>
        Fails(MinimalWith("---", "version: 1"), SpecErrorCodes.MultipleDocuments, 5, 1, "more than one YAML document");

    [Fact]
    public void Trailing_document_marker_starts_a_second_document() =>
        Fails(MinimalWith("---"), SpecErrorCodes.MultipleDocuments, 5, 1);

    [Fact]
    public void Document_markers_around_one_document_are_fine()
    {
        CompressionSpec spec = Parse(Lines(["---", .. Minimal, "..."]));

        Assert.Equal(1, spec.Version);
    }

    [Fact]
    public void Tab_indentation_points_at_the_tab() =>
        Fails(MinimalWith("refinement:", "\titerations: 2"), SpecErrorCodes.YamlSyntax, 6, 1,
            "YAML syntax error:", "YAML does not allow tabs in indentation: indent with spaces");

    [Fact]
    public void Tab_after_spaces_in_indentation_points_at_the_tab() =>
        Fails(MinimalWith("refinement:", "  iterations: 2", "  \tranks: fixed"), SpecErrorCodes.YamlSyntax, 7, 3, "indent with spaces");

    [Fact]
    public void Deeper_indented_sibling_is_a_syntax_error() =>
        Fails(MinimalWith("refinement:", "  iterations: 2", "   ranks: fixed"), SpecErrorCodes.YamlSyntax, 7, 9, "YAML syntax error:");

    [Fact]
    public void Shallower_indented_sibling_is_a_syntax_error() =>
        Fails(MinimalWith("refinement:", "    iterations: 2", "  ranks: fixed"), SpecErrorCodes.YamlSyntax, 7, 3,
            "YAML syntax error: while parsing a block mapping, did not find expected key");

    [Fact]
    public void Unclosed_flow_list_is_a_syntax_error() =>
        Fails(MinimalWith("baselines: [svd, prune", "groups: 3"), SpecErrorCodes.YamlSyntax, 6, 1, "unclosed '['");

    [Fact]
    public void Unclosed_flow_list_at_the_end_is_a_syntax_error() =>
        Assert.Equal(SpecErrorCodes.YamlSyntax, Assert.Throws<GroupReduceException>(() => Parse(MinimalWith("baselines: [svd, prune"))).Code);

    [Fact]
    public void Unterminated_quote_is_a_syntax_error() =>
        Fails(MinimalWith("model: \"lm.bin", "groups: 3"), SpecErrorCodes.YamlSyntax, 5, 8, "YAML syntax error:");

    [Fact]
    public void Text_after_a_quoted_scalar_is_a_syntax_error() =>
        Assert.Equal(SpecErrorCodes.YamlSyntax, Assert.Throws<GroupReduceException>(() => Parse(MinimalWith("groups: '12'x"))).Code);

    [Fact]
    public void Colon_in_a_plain_value_is_a_syntax_error() =>
        Fails(MinimalWith("model: a: b"), SpecErrorCodes.YamlSyntax, 5, 9, "YAML syntax error:");

    [Fact]
    public void Alias_without_anchor_is_a_syntax_error() =>
        Fails(MinimalWith("method: *nope"), SpecErrorCodes.YamlSyntax, 5, 9, "alias '*nope' names no anchor '&nope' defined before it");

    [Fact]
    public void Alias_cannot_refer_to_its_own_node() =>
        Fails(MinimalWith("solver: { name: cpu, options: &self { me: *self } }"), SpecErrorCodes.YamlSyntax, 5, 43, "'*self'");

    [Fact]
    public void Deep_nesting_is_an_error_not_a_crash() =>
        Fails(MinimalWith("solver: { name: cpu, options: { x: " + new string('[', 200) + new string(']', 200) + " } }"),
            SpecErrorCodes.YamlSyntax, 5, 98, "nests deeper than 64 levels");

    [Fact]
    public void Malformed_tag_is_a_syntax_error_not_an_argument_exception()
    {
        // YamlDotNet 18.1.0 throws ArgumentException for this tag; it must still come out as GR1001.
        GroupReduceException error = Fails(MinimalWith("model: !!,[x]"), SpecErrorCodes.YamlSyntax, 5, 14, "Global tags must be valid URIs");

        Assert.IsType<ArgumentException>(error.InnerException);
    }

    [Fact]
    public void Randomly_damaged_specs_parse_or_fail_with_a_positioned_error()
    {
        const string Damage = "[]{}:,-?&*!|>'\"%@`#\t \n~\\0x";
        string text = Lines(SpecLoaderValidTests.Full);
        var random = new Random(20240611);
        for (int trial = 0; trial < 1000; trial++)
        {
            var damaged = new System.Text.StringBuilder(text);
            for (int edit = random.Next(1, 5); edit > 0; edit--)
            {
                int position = random.Next(damaged.Length);
                char character = Damage[random.Next(Damage.Length)];
                _ = random.Next(3) switch
                {
                    0 => damaged.Insert(position, character),
                    1 => damaged.Remove(position, 1),
                    _ => damaged.Remove(position, 1).Insert(position, character),
                };
            }

            AssertParsesOrFailsWithPosition(damaged.ToString());
        }
    }

    [Fact]
    public void Syntax_error_keeps_yaml_dot_nets_exception_as_inner()
    {
        GroupReduceException error = Fails(MinimalWith("model: \"lm.bin", "groups: 3"), SpecErrorCodes.YamlSyntax, 5, 8);

        Assert.IsAssignableFrom<YamlDotNet.Core.YamlException>(error.InnerException);
    }

    [Fact]
    public void Every_prefix_of_a_valid_spec_parses_or_fails_with_a_positioned_error()
    {
        string text = Lines(SpecLoaderValidTests.Full);
        for (int length = 0; length <= text.Length; length++)
        {
            AssertParsesOrFailsWithPosition(text[..length]);
        }
    }

    [Fact]
    public void Every_spec_with_one_line_dropped_parses_or_fails_with_a_positioned_error()
    {
        for (int dropped = 0; dropped < SpecLoaderValidTests.Full.Length; dropped++)
        {
            AssertParsesOrFailsWithPosition(Lines([.. SpecLoaderValidTests.Full.Where((_, index) => index != dropped)]));
        }
    }

    private static void AssertParsesOrFailsWithPosition(string text)
    {
        try
        {
            Parse(text);
        }
        catch (GroupReduceException error)
        {
            Assert.StartsWith("GR1", error.Code, StringComparison.Ordinal);
            Assert.NotNull(error.Location);
            SourceLocation at = error.Location.Value;
            int lines = text.Split('\n').Length;
            Assert.True(at.Line >= 1 && at.Line <= lines + 1 && at.Column >= 1, $"{error.ToDiagnosticString()} for:\n{text}");
        }
    }
}
