using GroupReduce.Abstractions;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Models;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Pipeline;

/// <summary>A budget given as quality: the engine searches for the smallest artifact that meets it.</summary>
public sealed class QualityTargetSearchTests
{
    private static string Spec(string target) =>
        Runs.BasicSpec.Replace("budget:\n  rate: 4x\n", $"budget:\n  target: {target}\n", StringComparison.Ordinal);

    [Fact]
    public void The_artifact_written_is_the_highest_rate_tried_that_meets_the_target()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 300, columns: 16).Write(folder);

        CompressionReport report = Runs.Compress(folder, Spec("{ weighted_error: 20%, trials: 6 }"));

        QualitySearchReport search = report.Search!;
        Assert.Equal("weighted_error", search.Measure);
        Assert.InRange(search.Trials.Count, 2, 6);
        Assert.Contains(search.Trials, t => t.Met);
        QualityTrial best = search.Trials.Where(t => t.Met).MaxBy(t => t.Rate)!;
        Assert.Equal(best.Rate, search.ChosenRate);
        Assert.True(search.ChosenValue <= 0.20);
        Assert.All(search.Trials.Where(t => !t.Met), t => Assert.True(t.Value > 0.20));

        // Quality falls as the rate rises: every trial above the chosen rate missed.
        Assert.All(search.Trials.Where(t => t.Rate > search.ChosenRate), t => Assert.False(t.Met));

        // The file on disk is that trial, whole: its bytes and its decoded error are the ones measured.
        using ModelFile artifact = ModelFileReader.Open(folder.File("out.gr.safetensors"));
        ArtifactManifest manifest = ArtifactReader.TryRead(artifact)!.Value.Manifest;
        Assert.Equal(best.Bytes, manifest.CompressedBytes);
        Assert.Equal(report.Result.WeightedRelativeError!.Value, search.ChosenValue, 12);
        Assert.Equal(folder.File("out.gr.safetensors"), report.Artifact!.Path);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp*"));
        Assert.Contains("## Quality target", File.ReadAllText(folder.File("out.gr.report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_out_of_reach_is_an_error_at_the_target_and_writes_nothing()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 200, columns: 12).Write(folder);

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, Spec("{ weighted_error: 0.0001%, trials: 4 }")));

        Assert.Equal(SpecErrorCodes.InvalidTarget, error.Code);
        Assert.Contains("weighted_error", error.Message, StringComparison.Ordinal);
        Assert.Equal(8, error.Location!.Value.Line); // the target's value in the spec
        Assert.False(File.Exists(folder.File("out.gr.safetensors")));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp*"));
    }

    [Fact]
    public void A_dry_run_cannot_search_a_target()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 100, columns: 8).Write(folder);

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, Spec("{ weighted_error: 10% }"), dryRun: true));

        Assert.Equal(SpecErrorCodes.InvalidTarget, error.Code);
        Assert.Contains("remove --dry-run", error.Message, StringComparison.Ordinal);
    }
}
