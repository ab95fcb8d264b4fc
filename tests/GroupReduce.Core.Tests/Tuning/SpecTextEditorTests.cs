using GroupReduce.Abstractions;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Tuning;
using Xunit;

namespace GroupReduce.Core.Tests.Tuning;

/// <summary>Search values written into a spec's text: in place, comments kept, and read back by the spec loader.</summary>
public sealed class SpecTextEditorTests
{
    private const string File = "/specs/groupreduce.yaml";

    private const string Spec = """
        # the sample's spec
        version: 1
        matrices:
          - encoder.weight   # input
        frequencies:
          source: zipf
        budget:
          rate: 6.6x
        groups: 10          # ten groups
        partitioner: frequency
        quantizer:
          name: int8
          options: { block: 32 }

        """;

    [Fact]
    public void A_scalar_is_replaced_where_it_is_written_and_the_comment_stays()
    {
        string text = SpecTextEditor.Set(Spec, File, ["groups"], "20");

        Assert.Equal(Spec.Replace("groups: 10  ", "groups: 20  ", StringComparison.Ordinal), text);
        Assert.Equal(20, SpecLoader.Parse(text, File).Groups.Value);
    }

    [Fact]
    public void A_path_into_a_scalar_plugin_turns_it_into_the_mapping_form()
    {
        string text = SpecTextEditor.Set(Spec, File, ["partitioner", "options", "allocation"], "uniform");

        Assert.Contains("partitioner:\n  name: frequency\n  options:\n    allocation: uniform\nquantizer:", text, StringComparison.Ordinal);
        CompressionSpec spec = SpecLoader.Parse(text, File);
        Assert.Equal("frequency", spec.Partitioner.Name.Value);
        Assert.Contains("allocation", spec.Partitioner.Options.Entries.Select(e => e.Key));
    }

    [Fact]
    public void A_missing_nested_key_is_added_at_the_end_of_its_mapping()
    {
        string text = SpecTextEditor.Set(Spec, File, ["refinement", "iterations"], "5");

        Assert.EndsWith("options: { block: 32 }\nrefinement:\n  iterations: 5\n", text, StringComparison.Ordinal);
        Assert.Equal(5, SpecLoader.Parse(text, File).Refinement.Iterations.Value);
    }

    [Fact]
    public void A_key_missing_from_a_flow_mapping_is_added_inside_its_braces()
    {
        string text = SpecTextEditor.Set(Spec, File, ["quantizer", "options", "symmetric"], "true");

        Assert.Contains("options: { block: 32, symmetric: true }", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Naming_another_plugin_drops_the_options_of_the_one_written_and_naming_the_same_keeps_them()
    {
        string other = SpecTextEditor.Set(Spec, File, ["quantizer"], "float");
        string same = SpecTextEditor.Set(Spec, File, ["quantizer"], "int8");

        Assert.EndsWith("partitioner: frequency\nquantizer: float\n", other, StringComparison.Ordinal);
        Assert.Equal("float", SpecLoader.Parse(other, File).Quantizer.Name.Value);
        Assert.Equal(Spec, same);
    }

    [Fact]
    public void A_list_item_is_named_by_its_position()
    {
        string text = SpecTextEditor.Set(Spec, File, ["matrices", "0"], "decoder.weight");

        Assert.Contains("  - decoder.weight   # input", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("matrices.x", "'matrices' is a list of 1 item(s); name an item by its position from 0", 4, 3)]
    [InlineData("budget", "'budget' is a mapping in the spec; tune sets single values: name a key inside it, e.g. budget.rate", 8, 3)]
    public void A_path_the_text_cannot_take_is_GR1240_at_the_place_in_the_spec(string path, string message, int line, int column)
    {
        var ex = Assert.Throws<GroupReduceException>(() => SpecTextEditor.Set(Spec, File, path.Split('.'), "1"));

        Assert.Equal(TuneErrorCodes.InvalidAxis, ex.Code);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(new SourceLocation(File, line, column), ex.Location);
    }

    [Fact]
    public void A_path_into_a_single_value_that_is_no_plugin_is_refused_by_the_loader_where_it_is()
    {
        // 'groups: 10' with a path into it becomes { name: 10, size: 1 }, which the spec loader refuses at its place.
        string text = SpecTextEditor.Set(Spec, File, ["groups", "size"], "1");

        var ex = Assert.Throws<GroupReduceException>(() => SpecLoader.Parse(text, File));
        Assert.Equal(SpecErrorCodes.WrongType, ex.Code);
        Assert.Equal(File, ex.Location!.Value.File);
        Assert.Equal(10, ex.Location!.Value.Line); // where the mapping it became starts
    }

    [Fact]
    public void A_bad_value_is_the_spec_loaders_error_with_its_code_and_place_and_what_was_tried()
    {
        string text = TuneSpecText.Apply(Spec, File, [new TuneSetting("groups", "many")]);

        var ex = Assert.Throws<GroupReduceException>(() => TuneSpecText.Load(text, File, "--try groups=many"));

        Assert.Equal(SpecErrorCodes.InvalidNumber, ex.Code);
        Assert.StartsWith("--try groups=many: ", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new SourceLocation(File, 9, 9), ex.Location);
    }

    [Fact]
    public void An_unknown_key_is_the_loaders_unknown_key_error_with_a_suggestion()
    {
        string text = TuneSpecText.Apply(Spec, File, [new TuneSetting("grups", "5")]);

        var ex = Assert.Throws<GroupReduceException>(() => TuneSpecText.Load(text, File, "--try grups=5"));

        Assert.Equal(SpecErrorCodes.UnknownKey, ex.Code);
        Assert.Contains("did you mean 'groups'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shorter_paths_are_written_first_so_a_new_plugin_gets_the_option()
    {
        string text = TuneSpecText.Apply(Spec, File, [new TuneSetting("quantizer.options.bits", "4"), new TuneSetting("quantizer", "codebook")]);

        Assert.Contains("quantizer:\n  name: codebook\n  options:\n    bits: 4", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_budget_from_the_command_line_replaces_the_specs_budget()
    {
        string text = TuneSpecText.WithBudget(Spec, File, GroupReduce.Core.Sweep.SweepBudget.Bytes(150_000));

        CompressionSpec spec = SpecLoader.Parse(text, File);
        Assert.Equal(BudgetKind.Bytes, spec.Budget.Kind);
        Assert.Equal(150_000, spec.Budget.Value);
    }

    [Fact]
    public void Relative_paths_are_rewritten_for_a_spec_saved_in_another_folder()
    {
        const string WithCounts = "version: 1\nmatrices: [a]\nfrequencies:\n  source: counts\n  path: data/counts.tsv   # counts\nbudget: { rate: 4 }\n";

        string text = TuneSpecText.Relocate(WithCounts, "/specs/app/groupreduce.yaml", "/specs/app/tune-out/best.yaml");

        Assert.Contains("  path: ../data/counts.tsv   # counts", text, StringComparison.Ordinal);
        Assert.Equal("/specs/app/data/counts.tsv", SpecLoader.Parse(text, "/specs/app/tune-out/best.yaml").Frequencies.Path!.Value);
    }
}
