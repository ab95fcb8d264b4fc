using System.Globalization;
using GroupReduce.Abstractions;
using GroupReduce.Core.LowRank;
using GroupReduce.Core.Reporting;
using GroupReduce.Runtime;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Pipeline;

/// <summary><c>quantizer: auto</c> through the whole engine: an encoding per group, chosen with its rank.</summary>
public sealed class AutoQuantizerTests
{
    /// <summary>α = 1 and no refinement: the allocation's objective is then the reported weighted error.</summary>
    private static readonly string Common = Runs.BasicSpec.Replace("  source: counts\n", "  source: counts\n  power: 1\n", StringComparison.Ordinal)
        + "refinement:\n  iterations: 0\n";

    /// <summary>auto with the encoding error counted as measured (the default counts it four times).</summary>
    private const string MeasuredAuto = "quantizer: { name: auto, options: { noise_weight: 1 } }\n";

    [Fact]
    public void Auto_leaves_no_more_weighted_error_than_any_of_its_encodings_alone_at_equal_bytes()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 900, seed: 5).Write(folder);

        // noise_weight 1: the allocation then minimises the measured error of what is stored, which the report gives.
        CompressionReport auto = Runs.Compress(folder, Common + MeasuredAuto, output: "auto.gr.safetensors");
        var single = new Dictionary<string, CompressionReport>
        {
            ["f16"] = Runs.Compress(folder, Common + "quantizer: { name: float, options: { dtype: f16 } }\n", output: "f16.gr.safetensors"),
            ["int8"] = Runs.Compress(folder, Common + "quantizer: int8\n", output: "int8.gr.safetensors"),
            ["int4"] = Runs.Compress(folder, Common + "quantizer: int4\n", output: "int4.gr.safetensors"),
        };

        long budget = auto.Result.OriginalBytes / 4;
        Assert.True(auto.Result.Bytes <= budget, $"{auto.Result.Bytes} > {budget}");
        foreach ((string name, CompressionReport report) in single)
        {
            Assert.True(auto.Result.WeightedRelativeError <= report.Result.WeightedRelativeError, $"auto {auto.Result.WeightedRelativeError} > {name} {report.Result.WeightedRelativeError}");
        }

        // More than one encoding is used, and every group of every matrix names the one it got.
        List<GroupReport> groups = [.. auto.Result.Matrices.SelectMany(m => m.Groups).Where(g => g.Rows > 0)];
        Assert.All(groups, g => Assert.Contains(g.Encoding, new[] { "f16", "int8", "int4" }));
        Assert.True(groups.Select(g => g.Encoding).Distinct().Count() > 1, string.Join(", ", groups.Select(g => g.Encoding)));
        Assert.StartsWith("auto (noise_weight 1), chosen per group with its rank: f16 = ", auto.Quantization, StringComparison.Ordinal);
    }

    [Fact]
    public void The_predicted_error_is_close_to_the_error_of_what_is_stored()
    {
        // The allocation adds each encoding's measured component errors to the spectrum's tail; the report measures the
        // decoded artifact. They differ only by cross terms and shorter scale blocks at lower ranks.
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 600, seed: 8).Write(folder);

        CompressionReport report = Runs.Compress(folder, Common + "partition: shared\n" + MeasuredAuto);

        PartitionReport partition = Assert.Single(report.Partitions);
        string note = partition.Notes.Single(n => n.StartsWith("spectrum allocation", StringComparison.Ordinal));
        int at = note.IndexOf("predicted weighted error ", StringComparison.Ordinal) + 25;
        double predicted = double.Parse(note[at..note.IndexOf('%', at)], CultureInfo.InvariantCulture) / 100;
        double stored = report.Result.WeightedRelativeError!.Value;
        Assert.InRange(predicted, stored * 0.9, stored * 1.1);
    }

    [Fact]
    public void The_artifact_stores_each_group_in_its_encoding_and_every_reader_decodes_it_alike()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 700, seed: 9).Write(folder);

        CompressionReport report = Runs.Compress(folder, Runs.BasicSpec + "quantizer: auto\n");

        Dictionary<string, float[]> byHand = ArtifactDecoder.Decode(folder.File("out.gr.safetensors"));
        using CompressedModel model = CompressedModel.Open(folder.File("out.gr.safetensors"));
        foreach (MatrixReport matrix in report.Result.Matrices)
        {
            CompressedMatrix runtime = model.GetMatrix(matrix.Tensor);
            var row = new float[runtime.Columns];
            for (int i = 0; i < runtime.Rows; i++)
            {
                runtime.GetRow(i, row);
                ReadOnlySpan<float> expected = byHand[matrix.Tensor].AsSpan(i * runtime.Columns, runtime.Columns);
                for (int j = 0; j < row.Length; j++)
                {
                    // The runtime sums U·Vᵀ in SIMD order, the hand decoder in column order: equal to float rounding.
                    Assert.True(Math.Abs(expected[j] - row[j]) <= 1e-5f * (1 + Math.Abs(expected[j])), $"row {i} column {j}: {row[j]} vs {expected[j]}");
                }
            }
        }

        // Several encodings, so several part schemes, in each matrix of the one artifact.
        Assert.All(report.Result.Matrices, m => Assert.True(m.Groups.Where(g => g.Rows > 0).Select(g => g.Encoding).Distinct().Count() > 1, string.Join(", ", m.Groups.Select(g => g.Encoding))));

        string markdown = File.ReadAllText(folder.File("out.gr.report.md"));
        Assert.Contains("| group | rows | mean frequency | storage | rank | encoding | bytes |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_higher_noise_weight_buys_fewer_int4_groups_at_equal_bytes()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 900, seed: 5).Write(folder);

        CompressionReport measured = Runs.Compress(folder, Common + MeasuredAuto, output: "one.gr.safetensors");
        CompressionReport wary = Runs.Compress(folder, Common + "quantizer: { name: auto, options: { noise_weight: 50 } }\n", output: "fifty.gr.safetensors");

        static int Int4(CompressionReport report) => report.Result.Matrices.SelectMany(m => m.Groups).Count(g => g.Rows > 0 && g.Encoding == "int4");
        Assert.True(Int4(wary) < Int4(measured), $"int4 groups: {Int4(wary)} with noise_weight 50, {Int4(measured)} with 1");
        Assert.True(wary.Result.Bytes <= wary.Result.OriginalBytes / 4);
    }

    [Fact]
    public void Refinement_with_held_ranks_keeps_each_groups_encoding()
    {
        // Held ranks must keep their encodings: priced as encoding 0 (f16) the moved rows would not fit the budget, and
        // stored as f16 the artifact would lose the allocation's choice.
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 800, seed: 6).Write(folder);
        string spec = Runs.BasicSpec + "refinement:\n  iterations: 3\n  min_moved_fraction: 0\n  ranks: fixed\n";

        CompressionReport plan = Runs.Compress(folder, spec + "quantizer: auto\n", dryRun: true);
        CompressionReport refined = Runs.Compress(folder, spec + "quantizer: auto\n");

        Assert.Contains(refined.Partitions.SelectMany(p => p.Refinement), step => step.Outcome == "accepted");
        foreach ((MatrixReport planned, MatrixReport stored) in plan.Result.Matrices.Zip(refined.Result.Matrices))
        {
            // A group that refinement emptied stores nothing, so has no encoding; every other keeps the planned one.
            foreach ((GroupReport before, GroupReport after) in planned.Groups.Zip(stored.Groups).Where(pair => pair.Second.Rows > 0))
            {
                Assert.Equal(before.Encoding, after.Encoding);
            }
        }

        Assert.True(refined.Result.Bytes <= refined.Result.OriginalBytes / 4);
    }

    [Fact]
    public void A_partitioner_that_does_not_choose_encodings_is_an_error_at_the_quantizer()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 300, seed: 3).Write(folder);

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Runs.Compress(
            folder, Runs.BasicSpec + "partitioner: { name: frequency, options: { allocation: frequency } }\nquantizer: auto\n"));

        Assert.Equal(ErrorCodes.EncodingsNotChosen, error.Code);
        Assert.Equal(11, error.Location!.Value.Line);
        Assert.Contains("allocation: spectrum", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.gr.safetensors")));
    }

    [Fact]
    public void A_dry_run_plans_an_encoding_per_group()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 500, seed: 4).Write(folder);

        CompressionReport plan = Runs.Compress(folder, Runs.BasicSpec + "quantizer: auto\n", dryRun: true);

        Assert.All(plan.Result.Matrices.SelectMany(m => m.Groups).Where(g => g.Rows > 0), g => Assert.NotNull(g.Encoding));
        Assert.True(plan.Result.Bytes <= plan.Result.OriginalBytes / 4);
    }
}
