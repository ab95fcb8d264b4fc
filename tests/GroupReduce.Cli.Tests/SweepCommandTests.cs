using System.CommandLine;
using System.Text.Json;
using GroupReduce.Core.Sweep;

namespace GroupReduce.Cli.Tests;

public sealed class SweepCommandTests
{
    [Fact]
    public void A_sweep_of_the_sample_prints_a_line_per_cell_and_the_table_and_writes_the_report_plots_and_artifacts()
    {
        using var cli = new CliRun();

        int code = cli.Run("sweep", cli["lm.safetensors"], "--spec", cli["groupreduce.yaml"], "--rates", "4,10", "--methods", "groupreduce,svd", "--quantizers", "none", "-o", cli["out"], "--threads", "2");

        Assert.True(code == 0, cli.Error);
        Assert.DoesNotContain("warning", cli.Error, StringComparison.Ordinal);
        string[] cells = ["groupreduce-4x-none", "groupreduce-10x-none", "svd-4x-none", "svd-10x-none"];
        for (int i = 0; i < cells.Length; i++)
        {
            Assert.Contains($"[{i + 1}/4] {cells[i]}: ", cli.Error, StringComparison.Ordinal);
            Assert.True(File.Exists(cli[$"out/cells/{cells[i]}.gr.safetensors"]), cells[i]);
        }

        Assert.Matches(@"│ groupreduce\s+│ none\s+│ 4x\s+│\s+[\d,]+ │\s+4(\.\d+)?x │\s+[\d.]+ % │\s+[\d.]+ % │\s+[\d.]+ │", cli.Output);
        Assert.Contains("weighted rel. error", cli.Output, StringComparison.Ordinal);
        Assert.Contains($"sweep: 4 cells (4 compressed, 0 infeasible, 0 failed) in ", cli.Output, StringComparison.Ordinal);
        Assert.Contains($"report: {cli["out/sweep.md"]}", cli.Output, StringComparison.Ordinal);
        Assert.Contains("3 plots (error-vs-rate.png, rank-vs-frequency.png, group-error.png)", cli.Output, StringComparison.Ordinal);
        foreach (string file in new[] { "sweep.md", "sweep.json", "error-vs-rate.png", "rank-vs-frequency.png", "group-error.png" })
        {
            Assert.True(File.Exists(cli[$"out/{file}"]), file);
        }
    }

    [Fact]
    public void The_default_methods_are_the_specs_method_and_baselines_and_quiet_prints_one_line()
    {
        using var cli = new CliRun();

        // The sample's spec: method groupreduce, baselines svd, weighted-svd and prune. 20,000 bytes is below what
        // ten groups need at rank 1 beside their row map, but enough for one-group low rank and for pruning.
        int code = cli.Run("sweep", cli["lm.safetensors"], "-s", cli["groupreduce.yaml"], "--bytes", "20000", "--quantizers", "none", "-o", cli["out"], "--quiet");

        Assert.True(code == 0, cli.Error);
        Assert.Equal(
            ["prune-20000B-none.gr.safetensors", "svd-20000B-none.gr.safetensors", "weighted-svd-20000B-none.gr.safetensors"],
            Directory.GetFiles(cli["out/cells"], "*.gr.safetensors").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.StartsWith("sweep: 4 cells (3 compressed, 1 infeasible, 0 failed) in ", cli.Output, StringComparison.Ordinal);
        Assert.Single(cli.Output.TrimEnd().Split('\n'));
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(cli["out/sweep.json"]));
        JsonElement groupreduce = json.RootElement.GetProperty("cells")[0];
        Assert.Equal(("groupreduce-20000B-none", "infeasible", "GR4001"), (groupreduce.GetProperty("name").GetString(), groupreduce.GetProperty("status").GetString(), groupreduce.GetProperty("error_code").GetString()));
    }

    [Fact]
    public void A_probe_given_by_the_host_adds_its_column_and_json_prints_the_report()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string folder = Path.Combine(Path.GetTempPath(), "groupreduce-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "sample")))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            var sizeProbe = new Option<bool>("--size-probe") { Description = "Measure the artifact's size in kilobytes." };
            Command sweep = SweepCommand.Create(output, error, (parse, model) => parse.GetValue(sizeProbe) ? new FileSizeProbe(model) : null, sizeProbe);
            var root = new RootCommand { sweep };

            int code = root.Parse(["sweep", Path.Combine(folder, "lm.safetensors"), "-s", Path.Combine(folder, "groupreduce.yaml"), "--rates", "6.6", "--methods", "svd", "--quantizers", "none,int8", "-o", Path.Combine(folder, "out"), "--size-probe", "--json"]).Invoke(new InvocationConfiguration { Output = output, Error = error });

            Assert.True(code == 0, error.ToString());
            using JsonDocument json = JsonDocument.Parse(output.ToString());
            Assert.Equal("artifact kilobytes", json.RootElement.GetProperty("quality").GetProperty("name").GetString());
            foreach (JsonElement cell in json.RootElement.GetProperty("cells").EnumerateArray())
            {
                long fileBytes = new FileInfo(Path.Combine(folder, "out", cell.GetProperty("artifact").GetString()!)).Length;
                Assert.Equal(fileBytes / 1000.0, cell.GetProperty("quality").GetDouble());
            }

            Assert.Contains("| artifact kilobytes |", File.ReadAllText(Path.Combine(folder, "out", "sweep.md")), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(folder, "out", "quality-vs-rate.png")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("--rates", "1,4", "error GR1220: --rates: '1' does not shrink the matrices; every rate must be above 1")]
    [InlineData("--rates", "", "error GR1220: --rates is empty; give a comma-separated list")]
    [InlineData("--methods", "groupreduce,svdd", "error GR1220: --methods: unknown method 'svdd'; did you mean 'svd'?")]
    [InlineData("--methods", "", "error GR1220: --methods is empty; give a comma-separated list, e.g. --methods groupreduce,svd,weighted-svd,prune")]
    [InlineData("--quantizers", "none,int9x", "error GR1220: --quantizers: no quantizer plugin is named 'int9x'")]
    [InlineData("--bytes", "12XB", "error GR1220: --bytes has an unknown unit 'XB' in '12XB'")]
    public void A_bad_grid_option_is_one_diagnostic_naming_the_option_with_exit_code_1_and_nothing_written(string option, string value, string message)
    {
        using var cli = new CliRun();

        int code = cli.Run("sweep", cli["lm.safetensors"], "--spec", cli["groupreduce.yaml"], option, value, "-o", cli["out"]);

        Assert.Equal(1, code);
        Assert.StartsWith("groupreduce: " + message, cli.Error, StringComparison.Ordinal);
        Assert.Single(cli.Error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(cli["out"]));
    }

    [Fact]
    public void Help_lists_sweep_and_its_grid_options_with_their_defaults()
    {
        using var cli = new CliRun();

        Assert.Equal(0, cli.Run("--help"));
        Assert.Contains("sweep", cli.Output, StringComparison.Ordinal);
        Assert.Equal(0, cli.Run("sweep", "--help"));
        foreach (string text in new[] { "--rates", "2,4,6.6,10,20", "--bytes", "--methods", "--quantizers", "none,int8", "--output", "--threads", "--json", "--quiet" })
        {
            Assert.Contains(text, cli.Output, StringComparison.Ordinal);
        }
    }

    /// <summary>A probe that measures the artifact itself: its file size.</summary>
    private sealed class FileSizeProbe(string model) : ISweepQualityProbe
    {
        public string Name => "artifact kilobytes";

        public double Original => new FileInfo(model).Length / 1000.0;

        public double Measure(string artifactPath, CancellationToken cancellationToken) => new FileInfo(artifactPath).Length / 1000.0;
    }
}
