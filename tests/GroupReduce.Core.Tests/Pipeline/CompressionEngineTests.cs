using GroupReduce.Abstractions;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Execution;
using GroupReduce.Core.LowRank;
using GroupReduce.Core.Models;
using GroupReduce.Core.Reporting;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Pipeline;

public sealed class CompressionEngineTests
{
    [Theory]
    [InlineData("float", "rate: 4x")]
    [InlineData("int8", "rate: 12x")]
    [InlineData("int4", "bytes: 9000")]
    [InlineData("codebook", "rate: 20x")]
    [InlineData("float", "parameters: 6000")]
    public void The_artifact_meets_the_budget_and_holds_exactly_the_reported_bytes(string quantizer, string budget)
    {
        using var folder = new TempFolder();
        SyntheticModel model = SyntheticModel.Create();
        model.Write(folder);
        string spec = Runs.BasicSpec.Replace("rate: 4x", budget, StringComparison.Ordinal) + $"\nquantizer: {quantizer}\n";

        CompressionReport report = Runs.Compress(folder, spec);

        long original = 2L * model.Rows * model.Columns * 4;
        Assert.Equal(original, report.Result.OriginalBytes);
        if (budget.StartsWith("rate", StringComparison.Ordinal))
        {
            double rate = double.Parse(budget[6..^1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(report.Result.Bytes <= (long)Math.Floor(original / rate), $"{report.Result.Bytes} bytes exceed the budget");
        }
        else if (budget.StartsWith("bytes", StringComparison.Ordinal))
        {
            Assert.True(report.Result.Bytes <= 9000);
        }

        using ModelFile artifact = ModelFileReader.Open(folder.File("out.gr.safetensors"));
        (ArtifactManifest manifest, string specText) = ArtifactReader.TryRead(artifact)!.Value;
        Assert.Empty(ArtifactReader.Validate(artifact, manifest));
        Assert.Equal(report.Result.Bytes, manifest.CompressedBytes);
        Assert.Equal(report.Artifact!.CompressedBytes, manifest.CompressedBytes);
        Assert.Equal(spec, specText);
        long named = artifact.Tensors.Where(t => t.Name.Contains(".gr.", StringComparison.Ordinal) || t.Name.EndsWith(".map", StringComparison.Ordinal)).Sum(t => t.ByteLength);
        Assert.Equal(manifest.CompressedBytes, named);
    }

    [Fact]
    public void The_reported_errors_are_the_errors_of_what_the_artifact_stores()
    {
        using var folder = new TempFolder();
        SyntheticModel model = SyntheticModel.Create();
        model.Write(folder);

        CompressionReport report = Runs.Compress(folder, Runs.BasicSpec + "quantizer: int4\n");

        Dictionary<string, float[]> decoded = ArtifactDecoder.Decode(folder.File("out.gr.safetensors"));
        double weightedError = 0, weightedNorm = 0;
        foreach ((string name, float[] original) in new[] { ("encoder.weight", model.Embedding), ("decoder.weight", model.Softmax) })
        {
            float[] approx = decoded[name];
            for (int i = 0; i < model.Rows; i++)
            {
                double e = 0, n = 0;
                for (int j = 0; j < model.Columns; j++)
                {
                    double a = original[(i * model.Columns) + j];
                    double d = a - approx[(i * model.Columns) + j];
                    e += d * d;
                    n += a * a;
                }

                weightedError += model.Counts[i] * e;
                weightedNorm += model.Counts[i] * n;
            }
        }

        Assert.Equal(weightedError / weightedNorm, report.Result.WeightedRelativeError!.Value, 4);
        Assert.InRange(report.Result.WeightedRelativeError!.Value, 1e-6, 0.5);
    }

    [Fact]
    public void The_same_input_twice_gives_byte_identical_artifacts()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create().Write(folder);
        string spec = Runs.BasicSpec + "quantizer: codebook\n";

        Runs.Compress(folder, spec, output: "a.gr.safetensors");
        Runs.Compress(folder, spec, output: "b.gr.safetensors");

        Assert.Equal(File.ReadAllBytes(folder.File("a.gr.safetensors")), File.ReadAllBytes(folder.File("b.gr.safetensors")));
    }

    [Fact]
    public void Refinement_never_increases_the_objective()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 900, seed: 3).Write(folder);

        CompressionReport report = Runs.Compress(folder, Runs.BasicSpec + "refinement:\n  iterations: 6\n  min_moved_fraction: 0\n");

        // Independent partitions (the default): one per matrix, each refined on its own.
        Assert.Equal(2, report.Partitions.Count);
        foreach (PartitionReport partition in report.Partitions)
        {
            Assert.NotEmpty(partition.Refinement);
            double previous = partition.InitialObjective;
            foreach (RefinementStep step in partition.Refinement)
            {
                Assert.True(step.Objective <= previous, $"{partition.Name} iteration {step.Iteration}: {step.Objective} > {previous}");
                previous = step.Objective;
            }

            Assert.True(partition.FinalObjective <= partition.InitialObjective);
        }
    }

    [Fact]
    public void GroupReduce_beats_plain_svd_at_the_same_bytes_on_power_law_data()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 800, seed: 11).Write(folder);

        CompressionReport report = Runs.Compress(folder, Runs.BasicSpec + "baselines: [svd, weighted-svd, prune]\n");

        MethodReport svd = report.Baselines.Single(b => b.Method == "svd");
        MethodReport weighted = report.Baselines.Single(b => b.Method == "weighted-svd");
        long budget = report.Result.OriginalBytes / 4;
        Assert.All(report.Baselines.Append(report.Result), m => Assert.True(m.Bytes <= budget, $"{m.Method}: {m.Bytes} > {budget}"));
        Assert.True(report.Result.WeightedRelativeError < svd.WeightedRelativeError, $"groupreduce {report.Result.WeightedRelativeError} vs svd {svd.WeightedRelativeError}");
        Assert.True(weighted.WeightedRelativeError <= svd.WeightedRelativeError, "weighting by frequency must not hurt the weighted error");
    }

    [Fact]
    public void A_dry_run_plans_groups_ranks_and_bytes_and_writes_nothing()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create().Write(folder);

        CompressionReport report = Runs.Compress(folder, Runs.BasicSpec, dryRun: true);

        Assert.True(report.DryRun);
        Assert.Null(report.Artifact);
        Assert.False(File.Exists(folder.File("out.gr.safetensors")));
        Assert.Equal(2, report.Result.Matrices.Count);
        Assert.All(report.Result.Matrices, m => Assert.Equal(6, m.Groups.Count));
        Assert.True(report.Result.Bytes <= report.Result.OriginalBytes / 4);
        Assert.Null(report.Result.WeightedRelativeError);
    }

    [Fact]
    public void Other_tensors_pass_through_unchanged_and_tied_copies_are_stored_once()
    {
        using var folder = new TempFolder();
        SyntheticModel model = SyntheticModel.Create();
        model.Write(folder, extra: new Dictionary<string, float[]> { ["lm_head.weight"] = model.Embedding });
        string spec = Runs.BasicSpec.Replace("matrices: [encoder.weight, decoder.weight]", "matrices:\n  - tensor: encoder.weight\n    tied: [lm_head.weight]\n  - decoder.weight", StringComparison.Ordinal);

        CompressionReport report = Runs.Compress(folder, spec);

        using ModelFile artifact = ModelFileReader.Open(folder.File("out.gr.safetensors"));
        Assert.Null(artifact.FindTensor("lm_head.weight"));
        Assert.Null(artifact.FindTensor("encoder.weight"));
        ModelTensor bias = artifact.FindTensor("decoder.bias")!;
        var bytes = new MemoryStream();
        bias.CopyRawTo(bytes, CancellationToken.None);
        Assert.Equal(System.Runtime.InteropServices.MemoryMarshal.AsBytes(model.Bias.AsSpan()).ToArray(), bytes.ToArray());
        ArtifactManifest manifest = ArtifactReader.TryRead(artifact)!.Value.Manifest;
        Assert.Equal(["lm_head.weight"], manifest.Matrices.Single(m => m.Tensor == "encoder.weight").Tied);
        Assert.Equal(3L * model.Rows * model.Columns * 4, report.Result.OriginalBytes);
    }

    [Fact]
    public void Tied_tensors_that_differ_are_refused()
    {
        using var folder = new TempFolder();
        SyntheticModel model = SyntheticModel.Create();
        model.Write(folder, extra: new Dictionary<string, float[]> { ["lm_head.weight"] = model.Softmax });
        string spec = Runs.BasicSpec.Replace("matrices: [encoder.weight, decoder.weight]", "matrices:\n  - tensor: encoder.weight\n    tied: [lm_head.weight]", StringComparison.Ordinal);

        var error = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, spec));

        Assert.Equal(ErrorCodes.TiedMatricesDiffer, error.Code);
        Assert.Contains("row 0", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.gr.safetensors")));
    }

    [Fact]
    public void Shared_and_independent_partitions_store_one_map_or_one_per_matrix()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create().Write(folder);

        Runs.Compress(folder, Runs.BasicSpec + "partition: shared\n", output: "shared.gr.safetensors");
        Runs.Compress(folder, Runs.BasicSpec + "partition: independent\n", output: "independent.gr.safetensors");

        using ModelFile shared = ModelFileReader.Open(folder.File("shared.gr.safetensors"));
        using ModelFile independent = ModelFileReader.Open(folder.File("independent.gr.safetensors"));
        Assert.Single(ArtifactReader.TryRead(shared)!.Value.Manifest.Partitions);
        Assert.Equal(2, ArtifactReader.TryRead(independent)!.Value.Manifest.Partitions.Count);
    }

    [Fact]
    public void Partition_best_keeps_the_grouping_with_the_lower_error_and_reports_the_other()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create().Write(folder);

        CompressionReport report = Runs.Compress(folder, Runs.BasicSpec + "partition: best\n");

        MethodReport other = Assert.Single(report.Baselines);
        Assert.Contains(report.Result.Method, new[] { "groupreduce (shared)", "groupreduce (independent)" });
        Assert.NotEqual(report.Result.Method, other.Method);
        Assert.True(report.Result.WeightedRelativeError <= other.WeightedRelativeError);
        Assert.Contains(report.Notes, n => n.StartsWith("partition: best kept", StringComparison.Ordinal));
        using ModelFile artifact = ModelFileReader.Open(folder.File("out.gr.safetensors"));
        int maps = ArtifactReader.TryRead(artifact)!.Value.Manifest.Partitions.Count;
        Assert.Equal(report.Result.Method.Contains("shared", StringComparison.Ordinal) ? 1 : 2, maps);
    }

    [Theory]
    [InlineData("svd")]
    [InlineData("weighted-svd")]
    [InlineData("prune")]
    [InlineData("quantize")]
    public void Every_method_writes_an_artifact_that_decodes_to_its_reported_error(string method)
    {
        using var folder = new TempFolder();
        SyntheticModel model = SyntheticModel.Create();
        model.Write(folder);

        CompressionReport report = Runs.Compress(folder, Runs.BasicSpec + $"method: {method}\nquantizer: int8\n");

        Dictionary<string, float[]> decoded = ArtifactDecoder.Decode(folder.File("out.gr.safetensors"));
        double error = 0, norm = 0;
        for (int i = 0; i < model.Rows * model.Columns; i++)
        {
            double d = model.Softmax[i] - decoded["decoder.weight"][i];
            error += d * d;
            norm += (double)model.Softmax[i] * model.Softmax[i];
        }

        MatrixReport softmax = report.Result.Matrices.Single(m => m.Tensor == "decoder.weight");
        Assert.Equal(error / norm, softmax.RelativeError!.Value, 4);
        Assert.Equal(method, report.Result.Method);
    }

    [Fact]
    public void A_tensor_the_model_lacks_is_an_error_at_its_spec_line()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create().Write(folder);
        string spec = Runs.BasicSpec.Replace("matrices: [encoder.weight, decoder.weight]", "matrices:\n  - encoder.weight\n  - decoder.weights", StringComparison.Ordinal);

        var error = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, spec));

        Assert.Equal(PipelineErrorCodes.TensorNotFound, error.Code);
        Assert.Equal(4, error.Location!.Value.Line);
        Assert.Contains("decoder.weight [600x24]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_input_is_an_error_unless_the_spec_says_zero()
    {
        using var folder = new TempFolder();
        SyntheticModel model = SyntheticModel.Create();
        model.Embedding[(5 * model.Columns) + 3] = float.NaN;
        model.Write(folder);

        var error = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, Runs.BasicSpec));
        Assert.Equal(ErrorCodes.NonFiniteInput, error.Code);
        Assert.Contains("row 5, column 3", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.gr.safetensors")));

        CompressionReport report = Runs.Compress(folder, Runs.BasicSpec + "non_finite: zero\n");
        Assert.Contains(report.Notes, n => n.Contains(ErrorCodes.NonFiniteInput, StringComparison.Ordinal));
        Assert.True(double.IsFinite(report.Result.WeightedRelativeError!.Value));
    }

    [Fact]
    public void A_cancelled_run_leaves_no_file_behind()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create().Write(folder);
        using var cancellation = new CancellationTokenSource();
        var observer = new CancelOnProgress(cancellation, "refine");

        Assert.ThrowsAny<OperationCanceledException>(() => Runs.Compress(folder, Runs.BasicSpec, observer: observer, cancellationToken: cancellation.Token));

        Assert.True(observer.Cancelled);
        Assert.Equal(["counts.tsv", "groupreduce.yaml", "lm.safetensors", "vocab.txt"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_reports_are_written_beside_the_artifact()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create().Write(folder);

        Runs.Compress(folder, Runs.BasicSpec + "baselines: [svd]\n");

        string json = File.ReadAllText(folder.File("out.gr.report.json"));
        string markdown = File.ReadAllText(folder.File("out.gr.report.md"));
        Assert.Contains("\"weighted_relative_error\"", json, StringComparison.Ordinal);
        Assert.Contains("## Comparison at the same budget", markdown, StringComparison.Ordinal);
        Assert.Contains("| svd |", markdown, StringComparison.Ordinal);
    }

    private sealed class CancelOnProgress(CancellationTokenSource source, string stage) : IRunObserver
    {
        public bool Cancelled { get; private set; }

        public void Info(string message)
        {
        }

        public void Warning(string code, string message, SourceLocation? location)
        {
        }

        public void Progress(string name, long done, long total)
        {
            if (name.StartsWith(stage, StringComparison.Ordinal) && !Cancelled)
            {
                Cancelled = true;
                source.Cancel();
            }
        }
    }
}
