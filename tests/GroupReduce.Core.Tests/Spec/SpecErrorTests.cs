using GroupReduce.Abstractions;
using GroupReduce.Core.Spec;
using static GroupReduce.Core.Tests.Spec.SpecText;

namespace GroupReduce.Core.Tests.Spec;

/// <summary>Each structural and value error, at its exact line and column (the minimal spec takes lines 1–4).</summary>
public sealed class SpecErrorTests
{
    private const string Version = "version: 1";
    private const string Matrices = "matrices: [emb]";
    private const string Frequencies = "frequencies: { source: uniform }";
    private const string Budget = "budget: { rate: 4x }";

    [Fact]
    public void Unknown_top_level_key_suggests_the_closest()
    {
        GroupReduceException error = Fails(MinimalWith("grups: 10"), SpecErrorCodes.UnknownKey, 5, 1,
            "unknown key 'grups' in the top level; did you mean 'groups'? Valid keys: version, model, matrices, frequencies, budget, groups,");
        Assert.Equal($"{SpecPath}(5,1): error GR1004: {error.Message}", error.ToDiagnosticString());
    }

    [Fact]
    public void Unknown_key_with_nothing_close_lists_the_valid_keys() =>
        Fails(MinimalWith("colour: red"), SpecErrorCodes.UnknownKey, 5, 1, "unknown key 'colour' in the top level; valid keys: version, model");

    [Theory]
    [InlineData("refinement: { iteration: 2 }", 5, 15, "'iteration' in 'refinement'; did you mean 'iterations'?")]
    [InlineData("solver: { name: cpu, option: {} }", 5, 22, "'option' in 'solver'; did you mean 'options'?")]
    [InlineData("output: { reports: true }", 5, 11, "'reports' in 'output'; did you mean 'report'?")]
    [InlineData("plugins: { path: [a] }", 5, 12, "'path' in 'plugins'; did you mean 'paths'?")]
    public void UnknownNestedKeySuggestsTheClosest(string line, int row, int column, string message) =>
        Fails(MinimalWith(line), SpecErrorCodes.UnknownKey, row, column, message);

    [Fact]
    public void Unknown_key_in_a_block_mapping() =>
        Fails(MinimalWith("refinement:", "  iterations: 2", "  rank: fixed"), SpecErrorCodes.UnknownKey, 7, 3, "did you mean 'ranks'?");

    [Fact]
    public void Unknown_key_in_a_matrix_item() =>
        Fails(Lines(Version, "matrices: [{ tensor: a, tide: [b] }]", Frequencies, Budget), SpecErrorCodes.UnknownKey, 2, 25,
            "unknown key 'tide' in 'matrices[0]'; did you mean 'tied'?");

    [Fact]
    public void Unknown_budget_key() =>
        Fails(Lines(Version, Matrices, Frequencies, "budget: { ratio: 4x }"), SpecErrorCodes.UnknownKey, 4, 11, "did you mean 'rate'?");

    [Fact]
    public void Unknown_frequency_key() =>
        Fails(Lines(Version, Matrices, "frequencies: { sorce: zipf }", Budget), SpecErrorCodes.UnknownKey, 3, 16, "did you mean 'source'?");

    [Fact]
    public void Duplicate_key_points_at_the_second() =>
        Fails(MinimalWith("groups: 3", "groups: 4"), SpecErrorCodes.DuplicateKey, 6, 1, "duplicate key 'groups'", "line 5, column 1");

    [Fact]
    public void Duplicate_key_inside_plugin_options_is_the_specs_error() =>
        Fails(MinimalWith("solver:", "  name: cpu", "  options: { threads: 1, threads: 2 }"), SpecErrorCodes.DuplicateKey, 7, 26,
            "duplicate key 'threads'", "line 7, column 14");

    [Theory]
    [InlineData("groups: [1, 2]", 5, 9, "'groups' must be a whole number from 1 to 65535, not a list")]
    [InlineData("groups: { n: 1 }", 5, 9, "'groups' must be a whole number from 1 to 65535, not a mapping")]
    [InlineData("refinement: 3", 5, 13, "'refinement' must be a mapping with keys iterations, min_moved_fraction, ranks, rescore_margin, not '3'")]
    [InlineData("solver: [cpu]", 5, 9, "'solver' must be a plugin name (e.g. cpu) or a mapping")]
    [InlineData("baselines: svd", 5, 12, "'baselines' must be a list of methods (e.g. [a, b]), not 'svd'")]
    [InlineData("plugins: { paths: ./p }", 5, 19, "'plugins.paths' must be a list of folders")]
    [InlineData("model: [a.bin]", 5, 8, "'model' must be a file or folder path, not a list")]
    [InlineData("output: { report: [true] }", 5, 19, "'output.report' must be true or false, not a list")]
    [InlineData("method: { name: svd }", 5, 9, "'method' must be one of: groupreduce, svd, weighted-svd, prune, quantize, not a mapping")]
    [InlineData("? [a]\n: 1", 5, 3, "a key must be plain text, not a list")]
    public void WrongTypeIsReportedAtTheValue(string lines, int line, int column, string message) =>
        Fails(MinimalWith(lines), SpecErrorCodes.WrongType, line, column, message);

    [Theory]
    [InlineData("version: [1]", 1, 10, "'version' must be 1, not a list")]
    [InlineData("matrices: { tensor: a }", 2, 11, "'matrices' must be a list of tensor names (e.g. [a, b]), not a mapping")]
    [InlineData("matrices: [[a]]", 2, 12, "'matrices[0]' must be a tensor name or a mapping with 'tensor'")]
    [InlineData("matrices: [{ tensor: a, tied: b }]", 2, 31, "'matrices[0].tied' must be a list of tensor names")]
    [InlineData("matrices: [{ tensor: [a] }]", 2, 22, "'matrices[0].tensor' must be a tensor name, not a list")]
    [InlineData("frequencies: [counts]", 3, 14, "'frequencies' must be a mapping with keys source, path, exponent, missing, smoothing, vocabulary")]
    [InlineData("budget: 6.6x", 4, 9, "'budget' must be a mapping with keys rate, bytes, parameters, target, not '6.6x'")]
    [InlineData("budget: { rate: [4] }", 4, 17, "'budget.rate' must be a rate greater than 1 such as 6.6x, not a list")]
    public void WrongTypeInTheRequiredKeys(string replacement, int line, int column, string message)
    {
        string[] lines = [Version, Matrices, Frequencies, Budget];
        lines[line - 1] = replacement;
        Fails(Lines(lines), SpecErrorCodes.WrongType, line, column, message);
    }

    [Fact]
    public void The_top_level_must_be_a_mapping() =>
        Fails(Lines("- version: 1", "- matrices: [a]"), SpecErrorCodes.WrongType, 1, 1, "the spec must be a mapping of keys");

    [Theory]
    [InlineData(0, "missing required key 'version'; add 'version: 1'")]
    [InlineData(3, "missing required key 'budget'")]
    public void Missing_required_key_points_at_the_top_of_the_spec(int dropped, string message)
    {
        List<string> lines = [Version, Matrices, Frequencies, Budget];
        lines.RemoveAt(dropped);
        Fails(Lines([.. lines]), SpecErrorCodes.MissingKey, 1, 1, message);
    }

    [Fact]
    public void Missing_version_after_comments_points_at_the_first_key() =>
        Fails(Lines("# spec", "", Matrices, Frequencies, Budget), SpecErrorCodes.MissingKey, 3, 1, "'version'");

    [Fact]
    public void Empty_budget_points_at_budget() =>
        Fails(Lines(Version, Matrices, Frequencies, "budget: {}"), SpecErrorCodes.MissingKey, 4, 1,
            "'budget' gives no size; add exactly one of 'rate' (e.g. rate: 6.6x), 'bytes' (e.g. bytes: 12MB), 'parameters' (e.g. parameters: 1.5M) or 'target' (e.g. target: { weighted_error: 8% })");

    [Fact]
    public void Counts_need_a_path() =>
        Fails(Lines(Version, Matrices, "frequencies:", "  source: counts", Budget), SpecErrorCodes.MissingKey, 3, 1,
            "missing required key 'frequencies.path'", "path: counts.tsv");

    [Fact]
    public void Matrix_mapping_needs_a_tensor() =>
        Fails(Lines(Version, "matrices: [{ tied: [b] }]", Frequencies, Budget), SpecErrorCodes.MissingKey, 2, 12,
            "missing required key 'matrices[0].tensor'; add e.g. 'tensor: encoder.weight'");

    [Fact]
    public void Plugin_mapping_needs_a_name() =>
        Fails(MinimalWith("solver: { options: { threads: 2 } }"), SpecErrorCodes.MissingKey, 5, 1, "missing required key 'solver.name'");

    [Theory]
    [InlineData("model:", 5, 7, "'model' has no value; expected a file or folder path")]
    [InlineData("model: ''", 5, 8, "'model' is empty")]
    [InlineData("groups: ~", 5, 9, "'groups' has no value")]
    [InlineData("refinement:", 5, 12, "'refinement' has no value; expected a mapping with keys iterations, min_moved_fraction, ranks, rescore_margin, or remove it to use the defaults")]
    [InlineData("solver: null", 5, 9, "'solver' has no value")]
    [InlineData("solver: { name: ' ' }", 5, 17, "'solver.name' is empty")]
    [InlineData("baselines:", 5, 11, "'baselines' has no value")]
    public void Empty_values(string line, int row, int column, string message) =>
        Fails(MinimalWith(line), SpecErrorCodes.EmptyValue, row, column, message);

    [Fact]
    public void Empty_matrix_list_is_an_error() =>
        Fails(Lines(Version, "matrices: []", Frequencies, Budget), SpecErrorCodes.EmptyValue, 2, 11, "'matrices' is empty; list at least one tensor");

    [Fact]
    public void Empty_matrix_item_is_an_error() =>
        Fails(Lines(Version, "matrices:", "  - a", "  -", Frequencies, Budget), SpecErrorCodes.EmptyValue, 4, 4, "'matrices[1]' has no value");

    [Fact]
    public void Two_budgets_point_at_the_second() =>
        Fails(Lines(Version, Matrices, Frequencies, "budget:", "  rate: 4x", "  bytes: 1MB"), SpecErrorCodes.ConflictingBudgets, 6, 3,
            "the budget gives both 'rate' and 'bytes'; keep exactly one of rate, bytes, parameters");

    [Theory]
    [InlineData("matrices: [a, b, a]", 2, 18, "tensor 'a' is listed twice in 'matrices' (first at line 2, column 12)")]
    [InlineData("matrices: [{ tensor: a, tied: [a] }]", 2, 32, "tensor 'a' is tied to itself")]
    [InlineData("matrices: [a, { tensor: b, tied: [a] }]", 2, 35, "tensor 'a' is listed twice")]
    [InlineData("matrices: [{ tensor: a, tied: [b, b] }]", 2, 35, "tensor 'b' is listed twice")]
    public void EachTensorIsListedOnce(string line, int row, int column, string message) =>
        Fails(Lines(Version, line, Frequencies, Budget), SpecErrorCodes.DuplicateTensor, row, column, message);

    [Fact]
    public void Duplicate_baseline_points_at_the_second() =>
        Fails(MinimalWith("baselines: [svd, prune, svd]"), SpecErrorCodes.DuplicateBaseline, 5, 25,
            "baseline 'svd' is listed twice (first at line 5, column 13)");

    [Fact]
    public void Missing_frequencies_ask_the_user_to_choose() =>
        Fails(Lines(Version, Matrices, Budget), SpecErrorCodes.FrequencySourceUnspecified, 1, 1,
            "the spec does not say where word frequencies come from", "'source: counts'", "'source: zipf'", "'source: uniform'");

    [Fact]
    public void Frequencies_without_source_or_path_ask_the_user_to_choose() =>
        Fails(Lines(Version, Matrices, "frequencies: { exponent: 1.1 }", Budget), SpecErrorCodes.FrequencySourceUnspecified, 3, 1,
            "'frequencies' names no source");

    [Theory]
    [InlineData("version: 2", 10, "spec version '2' is not supported; this GroupReduce reads 'version: 1' specs")]
    [InlineData("version: 1.0", 10, "spec version '1.0' is not supported")]
    [InlineData("version: one", 10, "spec version 'one'")]
    public void Only_version_one_is_read(string line, int column, string message) =>
        Fails(Lines(line, Matrices, Frequencies, Budget), SpecErrorCodes.UnsupportedVersion, 1, column, message);

    [Fact]
    public void Version_is_checked_before_unknown_keys() =>
        Fails(Lines("version: 2", Matrices, Frequencies, Budget, "future_key: 1"), SpecErrorCodes.UnsupportedVersion, 1, 10);

    [Theory]
    [InlineData("partition: sharded", 5, 12, "'partition' cannot be 'sharded'; did you mean 'shared'? Valid values: shared, independent")]
    [InlineData("method: weighted_svd", 5, 9, "did you mean 'weighted-svd'? Valid values: groupreduce, svd, weighted-svd, prune, quantize")]
    [InlineData("method: SVD", 5, 9, "did you mean 'svd'?")]
    [InlineData("non_finite: ignore", 5, 13, "'non_finite' cannot be 'ignore'; valid values: error, zero")]
    [InlineData("baselines: [svd, lora]", 5, 18, "'baselines[1]' cannot be 'lora'")]
    [InlineData("refinement: { ranks: fix }", 5, 22, "'refinement.ranks' cannot be 'fix'; did you mean 'fixed'?")]
    public void InvalidWordsListTheValidOnes(string line, int row, int column, string message) =>
        Fails(MinimalWith(line), SpecErrorCodes.InvalidWord, row, column, message);

    [Theory]
    [InlineData("frequencies: { source: count }", 24, "'frequencies.source' cannot be 'count'; did you mean 'counts'? Valid values: counts, corpus, zipf, uniform")]
    [InlineData("frequencies: { source: zipf, missing: skip }", 39, "'frequencies.missing' cannot be 'skip'; valid values: error, smooth")]
    public void Invalid_frequency_words(string line, int column, string message) =>
        Fails(Lines(Version, Matrices, line, Budget), SpecErrorCodes.InvalidWord, 3, column, message);

    [Theory]
    [InlineData("groups: 2.5", "'groups' must be a whole number from 1 to 65535, not '2.5'")]
    [InlineData("groups: ten", "not 'ten'")]
    [InlineData("groups: 1e3", "not '1e3'")]
    public void Non_integer_groups(string line, string message) =>
        Fails(MinimalWith(line), SpecErrorCodes.InvalidNumber, 5, 9, message);

    [Theory]
    [InlineData("frequencies: { source: zipf, exponent: fast }", "'frequencies.exponent' must be a number greater than 0, not 'fast'")]
    [InlineData("frequencies: { source: zipf, exponent: NaN }", "not 'NaN'")]
    [InlineData("frequencies: { source: zipf, exponent: .inf }", "not '.inf'")]
    public void Non_numeric_frequency_settings(string line, string message) =>
        Fails(Lines(Version, Matrices, line, Budget), SpecErrorCodes.InvalidNumber, 3, 40, message);

    [Fact]
    public void Frequency_setting_of_the_wrong_shape() =>
        Fails(Lines(Version, Matrices, "frequencies: { source: zipf, smoothing: [1] }", Budget), SpecErrorCodes.WrongType, 3, 41,
            "'frequencies.smoothing' must be a number greater than 0, not a list");

    [Theory]
    [InlineData("groups: 0", 9, "'groups' is 0, out of range; use a whole number from 1 to 65535")]
    [InlineData("groups: 65536", 9, "'groups' is 65536, out of range")]
    [InlineData("groups: 99999999999999999999", 9, "out of range")]
    [InlineData("groups: -3", 9, "out of range")]
    [InlineData("refinement: { iterations: 1001 }", 27, "'refinement.iterations' is 1001, out of range; use a whole number from 0 to 1000")]
    [InlineData("refinement: { min_moved_fraction: 1.5 }", 35, "use a number from 0 to 1")]
    [InlineData("refinement: { min_moved_fraction: -0.1 }", 35, "use a number from 0 to 1")]
    [InlineData("refinement: { rescore_margin: 2 }", 31, "'refinement.rescore_margin' is 2, out of range; use a number from 0 to 1")]
    public void Numbers_out_of_range(string line, int column, string message) =>
        Fails(MinimalWith(line), SpecErrorCodes.OutOfRange, 5, column, message);

    [Theory]
    [InlineData("frequencies: { source: zipf, exponent: 0 }", 40, "'frequencies.exponent' is 0, out of range; use a number greater than 0")]
    [InlineData("frequencies: { source: counts, path: c.tsv, missing: smooth, smoothing: -1 }", 73, "'frequencies.smoothing' is -1")]
    [InlineData("frequencies: { source: zipf, power: 2.5 }", 37, "'frequencies.power' is 2.5, out of range; use a number from 0 to 2")]
    [InlineData("frequencies: { source: zipf, power: -1 }", 37, "'frequencies.power' is -1, out of range")]
    public void Frequency_settings_out_of_range(string line, int column, string message) =>
        Fails(Lines(Version, Matrices, line, Budget), SpecErrorCodes.OutOfRange, 3, column, message);

    [Theory]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("1")]
    public void Report_must_be_true_or_false(string written) =>
        Fails(MinimalWith($"output: {{ report: {written} }}"), SpecErrorCodes.InvalidBoolean, 5, 19, $"'output.report' must be true or false, not '{written}'");

    [Theory]
    [InlineData("budget: { rate: fast }", 17, SpecErrorCodes.InvalidBudget, "'budget.rate' must be a number greater than 1, optionally followed by x (e.g. 6.6x), not 'fast'")]
    [InlineData("budget: { rate: 6.6y }", 17, SpecErrorCodes.InvalidBudget, "not '6.6y'")]
    [InlineData("budget: { rate: 0.5x }", 17, SpecErrorCodes.OutOfRange, "'budget.rate' is 0.5x, which does not shrink the matrices; use a rate greater than 1")]
    [InlineData("budget: { rate: 1 }", 17, SpecErrorCodes.OutOfRange, "use a rate greater than 1")]
    [InlineData("budget: { bytes: 12mb }", 18, SpecErrorCodes.InvalidBudget, "'budget.bytes' has an unknown unit 'mb' in '12mb'; did you mean 'MB'? Valid units: B, kB, KB, MB, GB, KiB, MiB, GiB")]
    [InlineData("budget: { bytes: 12 furlongs }", 18, SpecErrorCodes.InvalidBudget, "unknown unit 'furlongs'")]
    [InlineData("budget: { bytes: twelve }", 18, SpecErrorCodes.InvalidBudget, "'budget.bytes' must be a whole number or a number with a unit (e.g. 12MB), not 'twelve'")]
    [InlineData("budget: { bytes: 1.5B }", 18, SpecErrorCodes.InvalidBudget, "'budget.bytes' is 1.5B = 1.5 bytes, not a whole number")]
    [InlineData("budget: { bytes: 0 }", 18, SpecErrorCodes.OutOfRange, "'budget.bytes' is 0; it must be greater than 0 (e.g. 12MB)")]
    [InlineData("budget: { bytes: -1MB }", 18, SpecErrorCodes.OutOfRange, "must be greater than 0")]
    [InlineData("budget: { bytes: 1e40 }", 18, SpecErrorCodes.OutOfRange, "more than the largest supported count")]
    [InlineData("budget: { bytes: 20000000GB }", 18, SpecErrorCodes.OutOfRange, "more than the largest supported count")]
    [InlineData("budget: { parameters: 1.5 }", 23, SpecErrorCodes.InvalidBudget, "'budget.parameters' is 1.5 = 1.5 parameters, not a whole number")]
    [InlineData("budget: { parameters: 2MB }", 23, SpecErrorCodes.InvalidBudget, "unknown unit 'MB' in '2MB'; did you mean 'M'? Valid units: K, k, M, G")]
    public void Bad_budget_texts(string line, int column, string code, string message) =>
        Fails(Lines(Version, Matrices, Frequencies, line), code, 4, column, message);

    [Fact]
    public void Path_with_a_nul_character_is_invalid() =>
        Fails(MinimalWith("model: \"a\\0b\""), SpecErrorCodes.InvalidPath, 5, 8, "'model' is not a valid path");

    [Theory]
    [InlineData("solver: { name: cpu, options: [1] }", 31, "'solver.options' must be a mapping of option names to values (e.g. options: { threads: 2 }), not a list")]
    [InlineData("solver: { name: cpu, options: fast }", 31, "not 'fast'")]
    [InlineData("quantizer: { name: int8, options: }", 35, "'quantizer.options' must be a mapping")]
    public void PluginOptionsMustBeAMapping(string line, int column, string message) =>
        Fails(MinimalWith(line), ErrorCodes.OptionsNotMapping, 5, column, message);

    [Fact]
    public void Plugin_option_values_are_not_the_specs_concern()
    {
        CompressionSpec spec = Parse(MinimalWith("solver: { name: cpu, options: { threads: lots, unknown: [1, { a: b }] } }"));

        Assert.Equal(["threads", "unknown"], spec.Solver.Options.Entries.Select(entry => entry.Key));
    }
}
