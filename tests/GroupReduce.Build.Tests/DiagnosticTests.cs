namespace GroupReduce.Build.Tests;

/// <summary>Failures surface as MSBuild errors at the right file, line and column, with their GR codes.</summary>
[Collection(PackageCollection.Name)]
public sealed class DiagnosticTests(PackageFixture package)
{
    [Fact]
    public void Bad_spec_fails_at_the_yaml_line()
    {
        var app = new ThrowAwayProject(package);
        string spec = Path.Combine(app.Directory, "groupreduce.yaml");

        // Line 5 (after the 4 lines kept) starts with a misspelt key.
        string[] lines = File.ReadAllLines(spec);
        File.WriteAllLines(spec, [.. lines.Take(4), "grups: 10", .. lines.Skip(4).Where(l => !l.StartsWith("groups:", StringComparison.Ordinal))]);

        DotnetRun build = app.Run("build");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains($"{spec}(5,1): error GR1004:", build.Output);
        Assert.DoesNotContain("MSB6006", build.Output);
        Assert.False(File.Exists(app.IntermediateArtifact));
    }

    [Fact]
    public void Corrupt_model_fails_with_its_code()
    {
        var app = new ThrowAwayProject(package);
        File.WriteAllBytes(Path.Combine(app.Directory, "lm.bin"), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);

        DotnetRun build = app.Run("build");
        Assert.NotEqual(0, build.ExitCode);
        // MSBuild prints a place without a line as "file : error".
        Assert.Matches(@"lm\.bin(\(\d+,\d+\))? ?: error GR20\d\d:", build.Output);
        Assert.DoesNotContain("MSB6006", build.Output);
    }

    [Fact]
    public void Engine_that_cannot_run_is_one_GR5002_error()
    {
        // Not a .NET assembly at all: the host fails before the engine could say anything.
        var app = new ThrowAwayProject(package, properties: "<GroupReduceToolAssembly>$(MSBuildProjectDirectory)/broken.dll</GroupReduceToolAssembly>");
        File.WriteAllText(Path.Combine(app.Directory, "broken.dll"), "not an assembly");

        DotnetRun build = app.Run("build");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error GR5002:", build.Output);
        Assert.DoesNotContain("MSB6006", build.Output);
    }
}
