using System.Text.Json;
using System.Text.RegularExpressions;

namespace GroupReduce.Cli.Tests;

/// <summary>
/// The CLI talks while it works: progress and info lines on stderr (each trial of a quality-target search, each perplexity
/// measurement), results alone on stdout, no colour where it does not belong.
/// </summary>
public sealed partial class ProgressAndStreamsTests
{
    private static string Brown(string name) => Path.Combine(AppContext.BaseDirectory, "brown-lm", name);

    [Fact]
    public void A_quality_target_search_reports_every_trials_stages_and_measurement_on_stderr_and_only_the_report_on_stdout()
    {
        using var cli = new CliRun();
        foreach (string name in new[] { "lm.safetensors", "counts.tsv", "valid.txt" })
        {
            File.Copy(Brown(name), cli["brown-" + name]);
        }

        string spec = File.ReadAllText(Brown("groupreduce.yaml"))
            .Replace("path: counts.tsv", "path: brown-counts.tsv", StringComparison.Ordinal)
            .Replace("  rate: 6.6x", "  target: { perplexity_increase: 100%, tokens: brown-valid.txt, max_sentences: 20, trials: 2, max_rate: 2x }", StringComparison.Ordinal)
            .Replace("iterations: 3", "iterations: 0", StringComparison.Ordinal);
        File.WriteAllText(cli["brown.yaml"], spec);

        int code = cli.Run("compress", cli["brown-lm.safetensors"], "-s", cli["brown.yaml"], "-o", cli["brown.gr.safetensors"], "--json");

        Assert.True(code == 0, cli.Error);
        using JsonDocument json = JsonDocument.Parse(cli.Output);
        JsonElement search = json.RootElement.GetProperty("search");
        int trials = search.GetProperty("trials").GetArrayLength();
        Assert.InRange(trials, 1, 2);
        long predictions = long.Parse(Regex.Match(search.GetProperty("data").GetString()!, @"\(([\d,]+) predictions\)").Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(predictions > 0);
        string all = $"{predictions:N0} / {predictions:N0} (100%)";

        // The original's measurement, then for each trial: its start, its engine stages, its measurement, its outcome.
        Assert.Contains($"scoring predictions, original model: {all}", cli.Error, StringComparison.Ordinal);
        for (int trial = 1; trial <= trials; trial++)
        {
            Assert.Matches($@"target: trial {trial}/2 at [\d.]+x: compressing", cli.Error);
            Assert.Matches($@"trial {trial}/2 at [\d.]+x: store softmax\.weight: 10,706 / 10,706 \(100%\)", cli.Error);
            Assert.Matches($@"trial {trial}/2 at [\d.]+x: scoring predictions: {Regex.Escape(all)}", cli.Error);
            Assert.Matches($@"target: trial {trial}: [\d.]+x, perplexity_increase .* the target \([\d.]+ s\)", cli.Error);
        }

        // Every line of stderr is a progress or info line with the elapsed time: nothing of the result leaked there.
        Assert.All(Lines(cli.Error), line => Assert.Matches(ProgressLine(), line));
    }

    [Fact]
    public void Perplexity_measurement_reports_predictions_scored_and_elapsed_time_on_stderr()
    {
        using var cli = new CliRun();
        Assert.Equal(0, cli.Run("compress", Brown("lm.safetensors"), "--spec", Brown("groupreduce.yaml"), "-o", cli["lm.gr.safetensors"], "--quiet"));

        Assert.Equal(0, cli.Run("eval", Brown("lm.safetensors"), cli["lm.gr.safetensors"], "--spec", Brown("groupreduce.yaml"), "--tokens", Brown("test.txt"), "--max-sentences", "30", "--json"));

        using JsonDocument json = JsonDocument.Parse(cli.Output);
        long predictions = json.RootElement.GetProperty("language_model").GetProperty("predictions").GetInt64();
        Assert.True(predictions > 100);
        Assert.Contains($"perplexity on 30 sentences ({predictions:N0} predictions) of test.txt", cli.Error, StringComparison.Ordinal);
        Assert.Contains($"scoring predictions, original model: {predictions:N0} / {predictions:N0} (100%)", cli.Error, StringComparison.Ordinal);
        Assert.Contains($"scoring predictions, compressed model: {predictions:N0} / {predictions:N0} (100%)", cli.Error, StringComparison.Ordinal);
        Assert.All(Lines(cli.Error), line => Assert.Matches(ProgressLine(), line));
    }

    [Fact]
    public void Redirected_compress_keeps_stdout_for_the_summary_and_has_no_colour_with_or_without_NO_COLOR()
    {
        using var cli = new CliRun();
        foreach (string? noColor in new[] { null, "1" })
        {
            string output = cli[$"lm-{noColor ?? "unset"}.gr.safetensors"];
            using CliProcess run = CliProcess.StartWithEnvironment(cli.Folder, new Dictionary<string, string?> { ["NO_COLOR"] = noColor }, "compress", cli["lm.safetensors"], "-s", cli["groupreduce.yaml"], "-o", output);
            Assert.True(run.WaitForExit(TimeSpan.FromMinutes(2)) == 0, run.ToString());

            Assert.DoesNotContain('\u001b', run.Output);
            Assert.DoesNotContain('\u001b', run.Error);
            // stdout: the summary (tables, headline, what was written) and no progress line.
            Assert.Contains($"wrote {output} (", run.Output, StringComparison.Ordinal);
            Assert.DoesNotMatch(ProgressLine(), run.Output);
            Assert.Matches(@"groupreduce: [\d.]+ (KiB|MiB) -> [\d.]+ (KiB|MiB) ", run.Output);
            // stderr: the stages' progress.
            Assert.Matches(@"store \S+: [\d,]+ / [\d,]+ \(100%\)", run.Error);
        }
    }

    [Theory]
    [InlineData(true, null, false, true)]
    [InlineData(true, "", false, true)]
    [InlineData(true, "1", false, false)]
    [InlineData(true, "false", false, false)] // no-color.org: any non-empty value, whatever it says
    [InlineData(true, null, true, false)]
    [InlineData(false, null, false, false)]
    public void Colour_only_on_a_terminal_without_NO_COLOR_or_no_color(bool terminal, string? noColor, bool flag, bool expected)
    {
        Assert.Equal(expected, ConsoleStyle.Allows(terminal, noColor, flag));
        string painted = ConsoleStyle.Warning("w", expected);
        Assert.Equal(expected, painted.Contains('\u001b', StringComparison.Ordinal));
    }

    [Fact]
    public void No_color_is_accepted_by_every_command()
    {
        using var cli = new CliRun();
        Assert.Equal(0, cli.Run("inspect", cli["lm.safetensors"], "--no-color"));
        Assert.Equal(0, cli.Run("--no-color", "plugins", "list", "--json"));
        Assert.DoesNotContain('\u001b', cli.Output);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"(?m)^\[\s*\d+\.\ds\] ")]
    private static partial Regex ProgressLine();
}
