using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using GroupReduce.Abstractions;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Models;
using GroupReduce.Core.Sweep;
using GroupReduce.Testing;

namespace GroupReduce.Core.Tests.Sweep;

public sealed class SweepRunnerTests(SampleSweep sweep) : IClassFixture<SampleSweep>
{
    private IEnumerable<SweepCellResult> Done => sweep.Report.Cells.Where(c => c.Status == SweepCellStatus.Done);

    [Fact]
    public void The_grid_has_every_method_at_every_budget_and_quantizer_except_the_points_that_would_repeat()
    {
        string[] expected =
        [
            .. new[] { "groupreduce", "svd" }.SelectMany(m => new[] { "none", "int8" }.SelectMany(q => new[] { "2x", "4x", "6.6x", "10000B" }.Select(b => $"{m}-{b}-{q}"))),
            "prune-2x-none", "prune-4x-none", "prune-6.6x-none", "prune-10000B-none",
            "quantize-fixed-int8",
        ];
        Assert.Equal(expected, sweep.Report.Cells.Select(c => c.Name));
        Assert.Equal(expected.Select((name, i) => $"{i}/{expected.Length} {name}"), sweep.Observer.Started);
        Assert.Equal(expected, sweep.Observer.Finished.Select(c => c.Name));
        Assert.Contains(sweep.Report.Notes, n => n.StartsWith("prune: one cell per budget", StringComparison.Ordinal));
        Assert.Contains(sweep.Report.Notes, n => n.StartsWith("quantize: one cell per quantizer", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_artifact_exists_and_its_manifest_holds_the_bytes_rate_method_and_quantizer_reported()
    {
        Assert.Equal(16, Done.Count());
        foreach (SweepCellResult cell in Done)
        {
            string path = Path.Combine(sweep.Output, cell.Artifact!);
            Assert.Equal(Path.Combine(sweep.Output, "cells", cell.Name + ".gr.safetensors"), path);
            using ModelFile file = ModelFileReader.Open(path);
            (ArtifactManifest manifest, string spec) = ArtifactReader.TryRead(file)!.Value;
            Assert.Empty(ArtifactReader.Validate(file, manifest));
            Assert.Equal(manifest.CompressedBytes, cell.Bytes);
            Assert.Equal(manifest.OriginalBytes, cell.OriginalBytes);
            Assert.Equal(manifest.CompressionRate, cell.Rate!.Value, 9);
            Assert.Equal(new FileInfo(path).Length, cell.FileBytes);
            Assert.Equal(cell.Method, manifest.Method);
            Assert.Equal(cell.Quantizer == "int8", manifest.Quantization.Contains("int8", StringComparison.Ordinal));
            Assert.EndsWith($"# groupreduce sweep: cell {cell.Name}: made with method {cell.Method}, budget {cell.Budget}, quantizer {cell.Quantizer} and no baselines, replacing the values above\n", spec, StringComparison.Ordinal);
            Assert.Equal(2, cell.Matrices.Count);
            if (cell.TargetRate is { } target)
            {
                Assert.True(cell.Rate >= target, $"{cell.Name}: {cell.Rate}x misses its budget of {target}x");
            }
        }

        // The original 2 x 2000 x 64 float32 matrices; int8 alone stores a byte per value plus a float32 scale per row.
        Assert.All(Done, c => Assert.Equal(1_024_000, c.OriginalBytes));
        SweepCellResult quantize = sweep.Report.Cells.Single(c => c.Method == "quantize");
        Assert.Equal(("fixed", (long?)((2 * 2000 * 64) + (2 * 2000 * 4))), (quantize.Budget, quantize.Bytes));
    }

    [Fact]
    public void The_error_of_groupreduce_falls_as_the_rate_falls_and_int8_buys_less_error_at_the_same_budget()
    {
        foreach (string quantizer in new[] { "none", "int8" })
        {
            double[] errors = Done.Where(c => c.Method == "groupreduce" && c.Quantizer == quantizer).OrderBy(c => c.TargetRate).Select(c => c.WeightedRelativeError!.Value).ToArray();
            Assert.Equal(3, errors.Length);
            Assert.True(errors[0] < errors[1] && errors[1] < errors[2], $"{quantizer}: {string.Join(", ", errors)}");
        }

        double Error(string name) => Done.Single(c => c.Name == name).WeightedRelativeError!.Value;
        Assert.True(Error("groupreduce-6.6x-int8") < Error("groupreduce-6.6x-none"));
        Assert.True(Error("groupreduce-6.6x-none") < Error("svd-6.6x-none"));
    }

    [Fact]
    public void A_budget_too_small_for_a_method_is_recorded_as_infeasible_with_the_engines_message_and_leaves_no_artifact()
    {
        List<SweepCellResult> infeasible = sweep.Report.Cells.Where(c => c.Budget == "10000B").ToList();
        Assert.Equal(5, infeasible.Count);
        foreach (SweepCellResult cell in infeasible)
        {
            Assert.Equal(SweepCellStatus.Infeasible, cell.Status);
            Assert.Equal(ErrorCodes.BudgetTooSmall, cell.ErrorCode);
            Assert.Contains("raise the budget", cell.Error, StringComparison.Ordinal);
            Assert.Null(cell.Artifact);
            Assert.Null(cell.Bytes);
            Assert.Null(cell.Quality);
            Assert.False(File.Exists(Path.Combine(sweep.Output, "cells", cell.Name + ".gr.safetensors")));
        }

        Assert.Contains("row starts", infeasible.Single(c => c.Method == "prune").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_probe_measures_every_compressed_artifact_once_and_its_values_are_in_the_json_and_markdown()
    {
        Assert.Equal(Done.Select(c => Path.Combine(sweep.Output, c.Artifact!)), sweep.Probe.Measured);
        foreach (SweepCellResult cell in Done)
        {
            // The probe decodes the file independently; it must agree with the error the engine reported.
            Assert.Equal(cell.RelativeError!.Value, cell.Quality!.Value, 5);
        }

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(sweep.Output, "sweep.json")));
        JsonElement root = json.RootElement;
        Assert.Equal("decoded relative error", root.GetProperty("quality").GetProperty("name").GetString());
        Assert.Equal(0, root.GetProperty("quality").GetProperty("original").GetDouble());
        JsonElement[] cells = [.. root.GetProperty("cells").EnumerateArray()];
        Assert.Equal(sweep.Report.Cells.Count, cells.Length);
        for (int i = 0; i < cells.Length; i++)
        {
            SweepCellResult cell = sweep.Report.Cells[i];
            Assert.Equal(cell.Name, cells[i].GetProperty("name").GetString());
            Assert.Equal(cell.Status.ToString().ToLowerInvariant(), cells[i].GetProperty("status").GetString());
            if (cell.Status == SweepCellStatus.Done)
            {
                Assert.Equal(cell.Quality!.Value, cells[i].GetProperty("quality").GetDouble());
                Assert.Equal(cell.Bytes, cells[i].GetProperty("bytes").GetInt64());
                Assert.Equal(cell.Matrices[0].Groups.Count, cells[i].GetProperty("matrices")[0].GetProperty("groups").GetArrayLength());
            }
            else
            {
                Assert.False(cells[i].TryGetProperty("quality", out _));
                Assert.Equal("GR4001", cells[i].GetProperty("error_code").GetString());
            }
        }

        string markdown = File.ReadAllText(Path.Combine(sweep.Output, "sweep.md"));
        Assert.Contains("| method | quantization | budget | bytes | rate | weighted rel. error | rel. error | decoded relative error | seconds | artifact |", markdown, StringComparison.Ordinal);
        SweepCellResult svd = Done.Single(c => c.Name == "svd-4x-int8");
        Assert.Contains(
            string.Create(CultureInfo.InvariantCulture, $"| svd | int8 | 4x | {svd.Bytes:N0} | {svd.Rate:0.##}x | {svd.WeightedRelativeError:P3} | {svd.RelativeError:P3} | {svd.Quality:0.###} |"),
            markdown,
            StringComparison.Ordinal);
        Assert.Contains("- `prune-10000B-none`: infeasible, GR4001: ", markdown, StringComparison.Ordinal);
        Assert.Contains("Quality probe: decoded relative error (lower is better); the uncompressed model: **0**", markdown, StringComparison.Ordinal);
        Assert.Contains("- Model: `lm.safetensors` (safetensors, ", markdown, StringComparison.Ordinal);
        Assert.Contains("budget:\n  rate: 6.6x", markdown, StringComparison.Ordinal);
        Assert.Contains("- **groupreduce**: GroupReduce: rows grouped by word frequency", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Four_plots_are_drawn_as_1200_by_800_png_files_and_embedded_in_the_markdown()
    {
        string markdown = File.ReadAllText(Path.Combine(sweep.Output, "sweep.md"));
        Assert.Equal(["error-vs-rate.png", "quality-vs-rate.png", "rank-vs-frequency.png", "group-error.png"], sweep.Report.Plots.Select(p => p.File));
        foreach (SweepPlot plot in sweep.Report.Plots)
        {
            byte[] png = File.ReadAllBytes(Path.Combine(sweep.Output, plot.File));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
            Assert.Equal((1200, 800), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
            // A blank 1200x800 PNG is under 6 KB; axes, lines and markers without any text (no fonts) come to 15 KB or more.
            Assert.True(png.Length > 10_000, $"{plot.File} is only {png.Length} bytes: nothing was drawn");
            Assert.Contains($"![{plot.Title}]({plot.File})", markdown, StringComparison.Ordinal);
        }

        Assert.Equal("Weighted error per group: groupreduce at 6.6x, quantizer none", sweep.Report.Plots[3].Title);
    }

    [Fact]
    public void Cancelling_stops_after_the_cell_in_progress_and_writes_no_report()
    {
        using var folder = new TempFolder();
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "sample")))
        {
            File.Copy(file, folder.File(Path.GetFileName(file)));
        }

        using var cancellation = new CancellationTokenSource();
        var observer = new RecordingSweepObserver(_ => cancellation.Cancel());
        string output = folder.File("sweep");

        Assert.ThrowsAny<OperationCanceledException>(() => SweepRunner.Run(SampleSweep.Request(folder, output, probe: null, rates: "4,10", methods: "svd", quantizers: "none"), observer, cancellation.Token));

        Assert.Single(observer.Finished);
        Assert.Equal(["svd-4x-none.gr.safetensors"], Directory.GetFiles(Path.Combine(output, "cells"), "*.safetensors").Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(output, "sweep.json")));
        Assert.False(File.Exists(Path.Combine(output, "sweep.md")));
    }

    [Fact]
    public void An_unknown_quantizer_is_refused_before_any_cell_runs()
    {
        using var folder = new TempFolder();
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "sample")))
        {
            File.Copy(file, folder.File(Path.GetFileName(file)));
        }

        string output = folder.File("sweep");
        var error = Assert.Throws<GroupReduceException>(() => SweepRunner.Run(SampleSweep.Request(folder, output, probe: null, quantizers: "none,innt8"), new RecordingSweepObserver(), CancellationToken.None));

        Assert.Equal(SweepErrorCodes.InvalidGrid, error.Code);
        Assert.Equal("--quantizers: no quantizer plugin is named 'innt8'; did you mean 'int8'? Valid quantizers: none, codebook, float, int4, int8, auto (none: float32 factors, no quantization)", error.Message);
        Assert.False(Directory.Exists(output));
    }
}
