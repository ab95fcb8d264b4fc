namespace GroupReduce.Build.Tests;

/// <summary>GroupReduceEnabled=false and design-time builds run no compression.</summary>
[Collection(PackageCollection.Name)]
public sealed class SwitchTests(PackageFixture package)
{
    [Fact]
    public void Disabled_builds_without_artifact()
    {
        var app = new ThrowAwayProject(package, properties: "<GroupReduceEnabled>false</GroupReduceEnabled>");

        DotnetRun build = app.Run("build");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.False(build.Compressed, build.ToString());
        Assert.False(File.Exists(app.OutputArtifact));
    }

    [Fact]
    public void Design_time_build_does_not_compress()
    {
        var app = new ThrowAwayProject(package);

        // What an IDE runs: CoreCompile for the command line only, DesignTimeBuild=true, BuildingProject=false.
        DotnetRun build = app.Run("msbuild", "-restore", "-t:ResolveGroupReduceModels;CoreCompile", "-p:DesignTimeBuild=true", "-p:BuildingProject=false", "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.False(build.Compressed, build.ToString());
        Assert.False(File.Exists(app.IntermediateArtifact));
    }

    [Fact]
    public void Verbosity_passes_through_to_the_engine()
    {
        var app = new ThrowAwayProject(package, properties: "<GroupReduceVerbosity>quiet</GroupReduceVerbosity>");

        DotnetRun build = app.Run("build");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(build.Compressed, build.ToString());

        // The engine's command, as the task logs it, carries --quiet.
        Assert.Contains("--quiet", build.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(app.OutputArtifact));
    }
}
