namespace GroupReduce.Build.Tests;

/// <summary>The artifact reaches bin/, publish, the app's package and clean; unchanged inputs skip the compression.</summary>
[Collection(PackageCollection.Name)]
public sealed class IncrementalBuildTests(PackageFixture package)
{
    [Fact]
    public void Second_build_skips_compression_and_touching_any_input_reruns_it()
    {
        var app = new ThrowAwayProject(package);

        DotnetRun first = app.Run("build");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(first.Compressed, first.ToString());
        Assert.True(File.Exists(app.IntermediateArtifact));
        Assert.Equal(File.ReadAllBytes(app.IntermediateArtifact), File.ReadAllBytes(app.OutputArtifact));

        DotnetRun second = app.Run("build");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.True(second.SkippedAsUpToDate, second.ToString());
        Assert.False(second.Compressed, second.ToString());
        Assert.True(File.Exists(app.OutputArtifact));

        app.Touch("groupreduce.yaml");
        DotnetRun afterSpec = app.Run("build");
        Assert.True(afterSpec.ExitCode == 0 && afterSpec.Compressed, afterSpec.ToString());

        // counts.tsv is known only through the engine's depfile: the target learnt it from the previous run.
        app.Touch("counts.tsv");
        DotnetRun afterCounts = app.Run("build");
        Assert.True(afterCounts.ExitCode == 0 && afterCounts.Compressed, afterCounts.ToString());
    }

    [Fact]
    public void Artifact_flows_to_publish_and_package_and_clean_removes_it()
    {
        var app = new ThrowAwayProject(package);

        DotnetRun publish = app.Run("publish", "-o", "out");
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.True(File.Exists(Path.Combine(app.Directory, "out", "lm.gr.safetensors")), publish.ToString());

        DotnetRun pack = app.Run("pack", "-c", "Debug", "-o", "nupkg");
        Assert.True(pack.ExitCode == 0, pack.ToString());
        using (System.IO.Compression.ZipArchive nupkg = System.IO.Compression.ZipFile.OpenRead(Path.Combine(app.Directory, "nupkg", "ThrowAway.App.1.0.0.nupkg")))
        {
            Assert.Contains(nupkg.Entries, e => e.FullName == "contentFiles/any/any/lm.gr.safetensors");
        }

        DotnetRun clean = app.Run("clean");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.False(File.Exists(app.IntermediateArtifact), clean.ToString());
        Assert.False(File.Exists(app.OutputArtifact), clean.ToString());
    }

    [Fact]
    public void Editing_the_token_file_of_a_quality_target_recompresses_the_model()
    {
        var app = new ThrowAwayProject(package);
        string brown = Path.Combine(AppContext.BaseDirectory, "brown-lm");
        File.Copy(Path.Combine(brown, "lm.safetensors"), Path.Combine(app.Directory, "lm.bin"), overwrite: true);
        File.Copy(Path.Combine(brown, "counts.tsv"), Path.Combine(app.Directory, "counts.tsv"), overwrite: true);
        File.WriteAllLines(Path.Combine(app.Directory, "tokens.txt"), File.ReadLines(Path.Combine(brown, "valid.txt")).Take(20));
        File.WriteAllText(Path.Combine(app.Directory, "groupreduce.yaml"), File.ReadAllText(Path.Combine(brown, "groupreduce.yaml"))
            .Replace("  rate: 6.6x", "  target: { perplexity_increase: 100%, tokens: tokens.txt, trials: 2, max_rate: 2x }", StringComparison.Ordinal)
            .Replace("iterations: 3", "iterations: 0", StringComparison.Ordinal));

        DotnetRun first = app.Run("build");
        Assert.True(first.ExitCode == 0 && first.Compressed, first.ToString());
        DotnetRun second = app.Run("build");
        Assert.True(second.ExitCode == 0 && second.SkippedAsUpToDate, second.ToString());

        // tokens.txt is named by the spec's quality target only: the target learnt it from the engine's reported inputs.
        File.AppendAllLines(Path.Combine(app.Directory, "tokens.txt"), File.ReadLines(Path.Combine(brown, "valid.txt")).Skip(20).Take(5));
        app.Touch("tokens.txt");
        DotnetRun afterTokens = app.Run("build");
        Assert.True(afterTokens.ExitCode == 0 && afterTokens.Compressed, afterTokens.ToString());
    }
}
