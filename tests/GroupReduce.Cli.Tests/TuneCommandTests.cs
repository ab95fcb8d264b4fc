using System.Text.Json;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Tuning;

namespace GroupReduce.Cli.Tests;

/// <summary><c>groupreduce tune</c> on the small sample and on the committed Brown model.</summary>
public sealed class TuneCommandTests
{
    private static string Brown(string name) => Path.Combine(AppContext.BaseDirectory, "brown-lm", name);

    [Fact]
    public void Tune_reports_every_trial_and_writes_a_best_spec_that_loads_and_compresses()
    {
        using var cli = new CliRun();

        int code = cli.Run("tune", cli["lm.safetensors"], "--spec", cli["groupreduce.yaml"], "--try", "groups=2,4", "--try", "refinement.iterations=0,1", "--rate", "8", "-o", cli["out"], "--threads", "2");

        Assert.True(code == 0, cli.Error);
        Assert.Contains("tune: 4 trials (2 groups × 2 refinement.iterations) at 8x, ranked by weighted rel. error", cli.Error, StringComparison.Ordinal);
        string[] labels = ["groups=2 refinement.iterations=0", "groups=2 refinement.iterations=1", "groups=4 refinement.iterations=0", "groups=4 refinement.iterations=1"];
        for (int i = 0; i < labels.Length; i++)
        {
            Assert.Contains($"[{i + 1}/4] {labels[i]}: ", cli.Error, StringComparison.Ordinal);
        }

        Assert.Contains("tune: 4 trials (4 compressed, 0 infeasible, 0 failed) at 8x", cli.Output, StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(cli["out/tune.json"]));
        JsonElement trials = json.RootElement.GetProperty("trials");
        Assert.Equal(4, trials.GetArrayLength());
        double[] errors = [.. trials.EnumerateArray().Select(t => t.GetProperty("weighted_relative_error").GetDouble())];
        int best = json.RootElement.GetProperty("best").GetInt32();
        Assert.Equal(errors.Min(), errors[best - 1]);
        Assert.All(trials.EnumerateArray(), t => Assert.True(t.GetProperty("bytes").GetInt64() <= t.GetProperty("budget_bytes").GetDouble() + 1));
        Assert.True(File.Exists(cli["out/tune.md"]));
        Assert.False(File.Exists(cli["out/trial.gr.safetensors"]));

        // The best spec is the original text with the chosen values; it loads from its own folder and compresses.
        string bestText = File.ReadAllText(cli["out/best.yaml"]);
        Assert.StartsWith("# groupreduce tune: best of 4 trials at 8x (--rate)", bestText, StringComparison.Ordinal);
        Assert.Contains("# Compression spec for the sample model", bestText, StringComparison.Ordinal);
        Assert.Contains("path: ../counts.tsv", bestText, StringComparison.Ordinal);
        CompressionSpec bestSpec = SpecLoader.Load(cli["out/best.yaml"]);
        Assert.Equal(8, bestSpec.Budget.Value);
        Assert.Equal(labels[best - 1].Contains("groups=4", StringComparison.Ordinal) ? 4 : 2, bestSpec.Groups.Value);
        Assert.Equal(0, cli.Run("compress", cli["lm.safetensors"], "--spec", cli["out/best.yaml"], "-o", cli["best.gr.safetensors"], "--quiet"));
    }

    [Fact]
    public void Json_prints_the_report_progress_goes_to_stderr_and_write_spec_names_the_file()
    {
        using var cli = new CliRun();

        int code = cli.Run("tune", cli["lm.safetensors"], "-s", cli["groupreduce.yaml"], "--try", "quantizer=float,int8", "--bytes", "40000", "-o", cli["out"], "--write-spec", cli["tuned.yaml"], "--json", "--threads", "2");

        Assert.True(code == 0, cli.Error);
        using JsonDocument json = JsonDocument.Parse(cli.Output);
        Assert.Equal("40000B", json.RootElement.GetProperty("budget").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("trials").GetArrayLength());
        Assert.Contains("[2/2] quantizer=int8", cli.Error, StringComparison.Ordinal);
        Assert.Contains("path: counts.tsv", File.ReadAllText(cli["tuned.yaml"]), StringComparison.Ordinal);
        Assert.Equal(BudgetKind.Bytes, SpecLoader.Load(cli["tuned.yaml"]).Budget.Kind);
    }

    [Theory]
    [InlineData(new[] { "--try", "groups" }, "GR1240", "has no '='")]
    [InlineData(new[] { "--try", "groups=1,2,3", "--try", "refinement.iterations=1,2,3", "--max-trials", "8" }, "GR1241", "= 9 trials, over --max-trials 8")]
    [InlineData(new[] { "--try", "grups=5" }, "GR1004", "--try grups=5: unknown key 'grups'")]
    [InlineData(new[] { "--try", "groups=many" }, "GR1102", "--try groups=many: ")]
    [InlineData(new[] { "--try", "quantizer=int9" }, "GR3001", "--try quantizer=int9: ")]
    [InlineData(new[] { "--try", "budget.rate=4" }, "GR1240", "one fixed budget")]
    public void A_bad_search_is_one_diagnostic_with_exit_code_1_before_any_trial_and_nothing_written(string[] options, string code, string message)
    {
        using var cli = new CliRun();

        int exit = cli.Run(["tune", cli["lm.safetensors"], "--spec", cli["groupreduce.yaml"], "-o", cli["out"], .. options]);

        Assert.Equal(1, exit);
        Assert.Contains($"error {code}: ", cli.Error, StringComparison.Ordinal);
        Assert.Contains(message, cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("[1/", cli.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cli["out"]));
    }

    [Fact]
    public void Trials_the_budget_cannot_hold_are_recorded_and_the_search_goes_on()
    {
        using var cli = new CliRun();

        int code = cli.Run("tune", cli["lm.safetensors"], "-s", cli["groupreduce.yaml"], "--try", "method=groupreduce,prune", "--bytes", "300", "-o", cli["out"], "--threads", "2");

        Assert.Equal(1, code);
        Assert.Contains("[1/2] method=groupreduce: infeasible (GR4001)", cli.Error, StringComparison.Ordinal);
        Assert.Contains($"error {TuneErrorCodes.NoTrialSucceeded}: none of the 2 trials", cli.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(cli["out/tune.md"]));
        Assert.False(File.Exists(cli["out/best.yaml"]));
    }

    [Fact]
    public void With_validation_tokens_the_trials_are_ranked_by_perplexity()
    {
        using var cli = new CliRun();

        int code = cli.Run("tune", Brown("lm.safetensors"), "--spec", Brown("groupreduce.yaml"), "--tokens", Brown("valid.txt"), "--max-sentences", "20", "--try", "quantizer=float,int8", "--rate", "20", "-o", cli["out"], "--threads", "2");

        Assert.True(code == 0, cli.Error);
        Assert.Contains("ranked by perplexity (valid.txt)", cli.Error, StringComparison.Ordinal);
        Assert.Contains("perplexity (valid.txt) of the uncompressed model: ", cli.Output, StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(cli["out/tune.json"]));
        double original = json.RootElement.GetProperty("quality").GetProperty("original").GetDouble();
        foreach (JsonElement trial in json.RootElement.GetProperty("trials").EnumerateArray())
        {
            double perplexity = trial.GetProperty("perplexity").GetDouble();
            Assert.Equal(perplexity / original - 1, trial.GetProperty("perplexity_increase").GetDouble(), 9);
        }

        Assert.Contains("counts.tsv", File.ReadAllText(cli["out/best.yaml"]), StringComparison.Ordinal);
    }
}
