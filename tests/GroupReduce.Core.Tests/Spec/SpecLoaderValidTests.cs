using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Options;
using GroupReduce.Core.Spec;
using static GroupReduce.Core.Tests.Spec.SpecText;

namespace GroupReduce.Core.Tests.Spec;

public sealed class SpecLoaderValidTests
{
    /// <summary>Every key of version 1, both plugin reference forms and nested options (line numbers matter).</summary>
    internal static readonly string[] Full =
    [
        "version: 1",                                            // 1
        "model: models/lm.safetensors",                          // 2
        "matrices:",                                             // 3
        "  - tensor: encoder.weight",                            // 4
        "    tied: [decoder.weight]",                            // 5
        "  - softmax.weight",                                    // 6
        "frequencies:",                                          // 7
        "  source: counts",                                      // 8
        "  path: data/counts.tsv",                               // 9
        "  exponent: 1.2",                                       // 10
        "  missing: smooth",                                     // 11
        "  smoothing: 0.5",                                      // 12
        "  vocabulary: /abs/vocab.txt",                          // 13
        "budget:",                                               // 14
        "  rate: 6.6x",                                          // 15
        "groups: 12",                                            // 16
        "partition: independent",                                // 17
        "refinement:",                                           // 18
        "  iterations: 5",                                       // 19
        "  min_moved_fraction: 0.01",                            // 20
        "  ranks: fixed",                                        // 21
        "method: weighted-svd",                                  // 22
        "baselines: [svd, prune, groupreduce]",                  // 23
        "partitioner: frequency",                                // 24
        "solver:",                                               // 25
        "  name: cpu",                                           // 26
        "  options:",                                            // 27
        "    threads: 2",                                        // 28
        "    tiles: [64, 128]",                                  // 29
        "    nested: { a: x }",                                  // 30
        "quantizer: { name: int8, options: { per: row } }",      // 31
        "plugins:",                                              // 32
        "  paths: [./my-plugins, /opt/gr-plugins]",              // 33
        "non_finite: zero",                                      // 34
        "output:",                                               // 35
        "  path: out/lm.gr.safetensors",                         // 36
        "  report: false",                                       // 37
    ];

    [Fact]
    public void Full_spec_parses_to_the_model()
    {
        string text = Lines(Full);
        CompressionSpec spec = Parse(text);

        Assert.Equal(SpecPath, spec.SourcePath);
        Assert.Equal(text, spec.SourceText);
        Assert.Equal(SpecFolder, spec.BaseDirectory);
        Assert.Equal(1, spec.Version);
        Assert.Equal(new SpecValue<string>(Path.Combine(SpecFolder, "models", "lm.safetensors"), At(2, 8)), spec.Model);

        Assert.Equal(2, spec.Matrices.Count);
        Assert.Equal(new SpecValue<string>("encoder.weight", At(4, 13)), spec.Matrices[0].Tensor);
        Assert.Equal([new SpecValue<string>("decoder.weight", At(5, 12))], spec.Matrices[0].Tied);
        Assert.Equal(At(4, 5), spec.Matrices[0].Location);
        Assert.Equal(new SpecValue<string>("softmax.weight", At(6, 5)), spec.Matrices[1].Tensor);
        Assert.Empty(spec.Matrices[1].Tied);

        FrequencySpec frequencies = spec.Frequencies;
        Assert.Equal(new SpecValue<FrequencySource>(FrequencySource.Counts, At(8, 11)), frequencies.Source);
        Assert.Equal(new SpecValue<string>(Path.Combine(SpecFolder, "data", "counts.tsv"), At(9, 9)), frequencies.Path);
        Assert.Equal(new SpecValue<double>(1.2, At(10, 13)), frequencies.Exponent);
        Assert.Equal(new SpecValue<MissingCountPolicy>(MissingCountPolicy.Smooth, At(11, 12)), frequencies.Missing);
        Assert.Equal(new SpecValue<double>(0.5, At(12, 14)), frequencies.SmoothingCount);
        Assert.Equal(new SpecValue<string>(Path.GetFullPath("/abs/vocab.txt"), At(13, 15)), frequencies.Vocabulary);
        Assert.Equal(At(7, 1), frequencies.Location);

        Assert.Equal(BudgetKind.Rate, spec.Budget.Kind);
        Assert.Equal(6.6, spec.Budget.Value);
        Assert.Equal(At(15, 9), spec.Budget.Location);

        Assert.Equal(new SpecValue<int>(12, At(16, 9)), spec.Groups);
        Assert.Equal(new SpecValue<PartitionMode>(PartitionMode.Independent, At(17, 12)), spec.Partition);
        Assert.Equal(new SpecValue<int>(5, At(19, 15)), spec.Refinement.Iterations);
        Assert.Equal(new SpecValue<double>(0.01, At(20, 23)), spec.Refinement.MinMovedFraction);
        Assert.Equal(new SpecValue<RankUpdate>(RankUpdate.Fixed, At(21, 10)), spec.Refinement.Ranks);
        Assert.Equal(At(18, 1), spec.Refinement.Location);
        Assert.Equal(new SpecValue<CompressionMethod>(CompressionMethod.WeightedSvd, At(22, 9)), spec.Method);
        Assert.Equal(
            [
                new SpecValue<CompressionMethod>(CompressionMethod.Svd, At(23, 13)),
                new SpecValue<CompressionMethod>(CompressionMethod.Prune, At(23, 18)),
                new SpecValue<CompressionMethod>(CompressionMethod.GroupReduce, At(23, 25)),
            ],
            spec.Baselines);
        Assert.Equal(
            [
                new SpecValue<string>(Path.Combine(SpecFolder, "my-plugins"), At(33, 11)),
                new SpecValue<string>(Path.GetFullPath("/opt/gr-plugins"), At(33, 25)),
            ],
            spec.PluginPaths);
        Assert.Equal(new SpecValue<NonFinitePolicy>(NonFinitePolicy.Zero, At(34, 13)), spec.NonFinite);
        Assert.Equal(new SpecValue<string>(Path.Combine(SpecFolder, "out", "lm.gr.safetensors"), At(36, 9)), spec.Output.Path);
        Assert.Equal(new SpecValue<bool>(false, At(37, 11)), spec.Output.Report);
        Assert.Equal(At(35, 1), spec.Output.Location);
    }

    [Fact]
    public void Scalar_plugin_reference_has_no_options_located_at_the_name()
    {
        PluginReference partitioner = Parse(Lines(Full)).Partitioner;

        Assert.Equal(new SpecValue<string>("frequency", At(24, 14)), partitioner.Name);
        Assert.Equal(At(24, 1), partitioner.Location);
        Assert.Empty(partitioner.Options.Entries);
        Assert.Equal(At(24, 14), partitioner.Options.Location);
    }

    [Fact]
    public void Block_plugin_reference_keeps_the_option_tree_with_positions()
    {
        PluginReference solver = Parse(Lines(Full)).Solver;

        Assert.Equal(new SpecValue<string>("cpu", At(26, 9)), solver.Name);
        Assert.Equal(At(25, 1), solver.Location);
        OptionMapping options = solver.Options;
        Assert.Equal(At(28, 5), options.Location);
        Assert.Equal(["threads", "tiles", "nested"], options.Entries.Select(entry => entry.Key));

        OptionEntry threads = options.Entries[0];
        Assert.Equal(At(28, 5), threads.KeyLocation);
        var threadsValue = Assert.IsType<OptionScalar>(threads.Value);
        Assert.Equal("2", threadsValue.Value);
        Assert.Equal(At(28, 14), threadsValue.Location);

        var tiles = Assert.IsType<OptionSequence>(options.Entries[1].Value);
        Assert.Equal(At(29, 12), tiles.Location);
        Assert.Equal(["64", "128"], tiles.Items.Cast<OptionScalar>().Select(item => item.Value));
        Assert.Equal([At(29, 13), At(29, 17)], tiles.Items.Select(item => item.Location));

        var nested = Assert.IsType<OptionMapping>(options.Entries[2].Value);
        Assert.Equal(At(30, 13), nested.Location);
        OptionEntry a = Assert.Single(nested.Entries);
        Assert.Equal(("a", At(30, 15)), (a.Key, a.KeyLocation));
        Assert.Equal(At(30, 18), a.Value.Location);
        Assert.Equal("x", Assert.IsType<OptionScalar>(a.Value).Value);
    }

    [Fact]
    public void Flow_plugin_reference_keeps_the_option_tree_with_positions()
    {
        PluginReference quantizer = Parse(Lines(Full)).Quantizer;

        Assert.Equal(new SpecValue<string>("int8", At(31, 20)), quantizer.Name);
        Assert.Equal(At(31, 1), quantizer.Location);
        Assert.Equal(At(31, 35), quantizer.Options.Location);
        OptionEntry per = Assert.Single(quantizer.Options.Entries);
        Assert.Equal(("per", At(31, 37)), (per.Key, per.KeyLocation));
        Assert.Equal(new OptionScalar("row", At(31, 42)).Value, Assert.IsType<OptionScalar>(per.Value).Value);
        Assert.Equal(At(31, 42), per.Value.Location);
    }

    [Fact]
    public void Plugin_options_from_the_spec_are_validated_by_the_contracts_reader()
    {
        PluginReference solver = Parse(Lines(Full)).Solver;
        var options = new PluginOptions(solver.Name.Value, solver.Options);

        Assert.Equal(2, options.GetInt32("threads", 1, 1, 64));
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => options.GetInt32("nested", 0));
        Assert.Equal((ErrorCodes.InvalidOption, At(30, 13)), (error.Code, error.Location));
    }

    [Fact]
    public void Mapping_plugin_reference_without_options_has_an_empty_block_at_the_name()
    {
        PluginReference solver = Parse(MinimalWith("solver: { name: ilgpu }")).Solver;

        Assert.Equal(new SpecValue<string>("ilgpu", At(5, 17)), solver.Name);
        Assert.Empty(solver.Options.Entries);
        Assert.Equal(At(5, 17), solver.Options.Location);
    }

    [Fact]
    public void Matrices_may_be_left_out_for_the_models_graph_to_name()
    {
        CompressionSpec spec = Parse(Lines("version: 1", "frequencies: { source: zipf }", "budget: { bytes: 12MB }"));

        Assert.Empty(spec.Matrices);
    }

    [Fact]
    public void Left_out_keys_take_their_defaults_at_the_parents_location()
    {
        string text = Lines("# a comment first", "version: 1", "matrices: [emb]", "frequencies: { source: zipf }", "budget: { bytes: 12MB }");
        CompressionSpec spec = Parse(text);
        SourceLocation root = At(2, 1);
        SourceLocation frequencies = At(4, 1);

        Assert.Null(spec.Model);
        Assert.Equal(new SpecValue<string>("emb", At(3, 12)), spec.Matrices[0].Tensor);
        Assert.Equal(new SpecValue<FrequencySource>(FrequencySource.Zipf, At(4, 24)), spec.Frequencies.Source);
        Assert.Null(spec.Frequencies.Path);
        Assert.Null(spec.Frequencies.Vocabulary);
        Assert.Equal(new SpecValue<double>(1.0, frequencies, true), spec.Frequencies.Exponent);
        Assert.Equal(new SpecValue<MissingCountPolicy>(MissingCountPolicy.Error, frequencies, true), spec.Frequencies.Missing);
        Assert.Equal(new SpecValue<double>(1.0, frequencies, true), spec.Frequencies.SmoothingCount);
        Assert.Equal(new SpecValue<double>(0.7, frequencies, true), spec.Frequencies.Power);
        Assert.Equal((BudgetKind.Bytes, 12e6, At(5, 18)), (spec.Budget.Kind, spec.Budget.Value, spec.Budget.Location));
        Assert.Equal(new SpecValue<int>(20, root, true), spec.Groups);
        Assert.Equal(new SpecValue<PartitionMode>(PartitionMode.Independent, root, true), spec.Partition);
        Assert.Equal(new SpecValue<int>(3, root, true), spec.Refinement.Iterations);
        Assert.Equal(new SpecValue<double>(0.001, root, true), spec.Refinement.MinMovedFraction);
        Assert.Equal(new SpecValue<RankUpdate>(RankUpdate.Rederive, root, true), spec.Refinement.Ranks);
        Assert.Equal(new SpecValue<double>(0.02, root, true), spec.Refinement.RescoreMargin);
        Assert.Equal(root, spec.Refinement.Location);
        Assert.Equal(new SpecValue<CompressionMethod>(CompressionMethod.GroupReduce, root, true), spec.Method);
        Assert.Empty(spec.Baselines);
        Assert.Equal(new SpecValue<string>("frequency", root, true), spec.Partitioner.Name);
        Assert.Equal(new SpecValue<string>("cpu", root, true), spec.Solver.Name);
        Assert.Equal(new SpecValue<string>("float", root, true), spec.Quantizer.Name);
        Assert.All([spec.Partitioner, spec.Solver, spec.Quantizer], plugin =>
        {
            Assert.Empty(plugin.Options.Entries);
            Assert.Equal(root, plugin.Options.Location);
            Assert.Equal(root, plugin.Location);
        });
        Assert.Empty(spec.PluginPaths);
        Assert.Equal(new SpecValue<NonFinitePolicy>(NonFinitePolicy.Error, root, true), spec.NonFinite);
        Assert.Null(spec.Output.Path);
        Assert.Equal(new SpecValue<bool>(true, root, true), spec.Output.Report);
    }

    [Fact]
    public void Defaults_inside_a_written_block_point_at_the_blocks_key()
    {
        CompressionSpec spec = Parse(MinimalWith("refinement:", "  iterations: 0", "output:", "  path: a.st"));

        Assert.Equal(new SpecValue<int>(0, At(6, 15)), spec.Refinement.Iterations);
        Assert.Equal(new SpecValue<double>(0.001, At(5, 1), true), spec.Refinement.MinMovedFraction);
        Assert.Equal(new SpecValue<bool>(true, At(7, 1), true), spec.Output.Report);
    }

    [Fact]
    public void Counts_is_the_default_source_when_a_path_is_given()
    {
        FrequencySpec frequencies = Parse(Lines("version: 1", "matrices: [emb]", "frequencies: { path: counts.tsv }", "budget: { rate: 4 }")).Frequencies;

        Assert.Equal(new SpecValue<FrequencySource>(FrequencySource.Counts, At(3, 1), true), frequencies.Source);
        Assert.Equal(Path.Combine(SpecFolder, "counts.tsv"), frequencies.Path?.Value);
    }

    [Fact]
    public void Zipf_may_name_a_path_and_smoothing_without_error()
    {
        FrequencySpec frequencies = Parse(Lines(
            "version: 1", "matrices: [emb]", "frequencies: { source: zipf, path: c.tsv, smoothing: 2 }", "budget: { rate: 4 }")).Frequencies;

        Assert.Equal(FrequencySource.Zipf, frequencies.Source.Value);
        Assert.Equal(2.0, frequencies.SmoothingCount.Value);
        Assert.NotNull(frequencies.Path);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("FALSE", false)]
    public void Report_accepts_yaml_booleans(string written, bool expected) =>
        Assert.Equal(expected, Parse(MinimalWith($"output: {{ report: {written} }}")).Output.Report.Value);

    [Fact]
    public void Anchors_and_aliases_are_resolved()
    {
        CompressionSpec spec = Parse(MinimalWith(
            "solver: { name: cpu, options: &shared { threads: 2 } }",
            "quantizer: { name: int8, options: *shared }",
            "baselines: [&b svd]",
            "method: *b"));

        // The alias stands for the anchored block, positions included.
        Assert.Equal(At(5, 31), spec.Quantizer.Options.Location);
        OptionEntry threads = Assert.Single(spec.Quantizer.Options.Entries);
        Assert.Equal(("threads", At(5, 41)), (threads.Key, threads.KeyLocation));
        Assert.Equal("2", Assert.IsType<OptionScalar>(threads.Value).Value);
        Assert.Equal(CompressionMethod.Svd, spec.Method.Value);
    }

    [Fact]
    public void Method_may_also_be_a_baseline() =>
        Assert.Equal(CompressionMethod.Svd, Parse(MinimalWith("method: svd", "baselines: [svd]")).Baselines[0].Value);

    [Fact]
    public void Quoted_text_is_not_null()
    {
        CompressionSpec spec = Parse(Lines("version: 1", "matrices: [\"null\", '~']", "frequencies: { source: uniform }", "budget: { rate: '6.6x' }"));

        Assert.Equal(["null", "~"], spec.Matrices.Select(matrix => matrix.Tensor.Value));
        Assert.Equal(6.6, spec.Budget.Value);
    }

    [Fact]
    public void Quoted_numbers_are_numbers()
    {
        CompressionSpec spec = Parse(MinimalWith("groups: \"12\"", "refinement: { min_moved_fraction: '0.5', rescore_margin: '0.05' }"));

        Assert.Equal(12, spec.Groups.Value);
        Assert.Equal(0.5, spec.Refinement.MinMovedFraction.Value);
        Assert.Equal(0.05, spec.Refinement.RescoreMargin.Value);
    }

    [Fact]
    public void Empty_option_values_reach_the_plugin_as_empty_text()
    {
        OptionMapping options = Parse(MinimalWith("solver:", "  name: cpu", "  options:", "    device:", "    threads: ~")).Solver.Options;

        Assert.Equal(["", "~"], options.Entries.Select(entry => Assert.IsType<OptionScalar>(entry.Value).Value));
        Assert.Equal([At(8, 12), At(9, 14)], options.Entries.Select(entry => entry.Value.Location));
    }

    [Fact]
    public void Byte_order_mark_does_not_shift_columns()
    {
        string text = "\uFEFF" + MinimalWith("groups: 7");
        CompressionSpec spec = Parse(text);

        Assert.Equal(new SpecValue<int>(7, At(5, 9)), spec.Groups);
        Assert.Equal(text, spec.SourceText);
    }

    [Fact]
    public void Cr_lf_line_ends_keep_positions()
    {
        CompressionSpec spec = Parse(string.Join("\r\n", [.. Minimal, "groups: 7", string.Empty]));

        Assert.Equal(new SpecValue<int>(7, At(5, 9)), spec.Groups);
    }
}
