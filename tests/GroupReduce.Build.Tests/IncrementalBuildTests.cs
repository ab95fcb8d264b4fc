namespace GroupReduce.Build.Tests;

/// <summary>The artifact reaches bin/, publish, the app's package and clean; unchanged inputs skip the compression.</summary>
[Collection(PackageCollection.Name)]
public sealed class IncrementalBuildTests(PackageFixture package)
{
    [Fact]
    public void SecondBuildSkipsCompressionAndTouchingAnyInputRerunsIt()
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
    public void ArtifactFlowsToPublishAndPackageAndCleanRemovesIt()
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
}
