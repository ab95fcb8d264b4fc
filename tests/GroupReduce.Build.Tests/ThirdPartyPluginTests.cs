using System.Text.Json;

namespace GroupReduce.Build.Tests;

/// <summary>
/// The sample third-party solver, packed to the feed and referenced by an app, compresses in a real build — with its own
/// YamlDotNet 16.3 loaded beside the engine's 18.1.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class ThirdPartyPluginTests(PackageFixture package)
{
    [Fact]
    public void A_package_reference_is_all_it_takes_for_the_spec_to_name_the_solver()
    {
        var app = new ThrowAwayProject(
            package,
            itemXml: $"""
                <PackageReference Include="Contoso.GroupReduce.Solver" Version="{package.Version}" />
                <GroupReduceModel Include="lm.bin" />
                """,
            feedPackages: "Contoso.GroupReduce.Solver");
        File.WriteAllText(
            Path.Combine(app.Directory, "lm.groupreduce.yaml"),
            File.ReadAllText(Path.Combine(app.Directory, "groupreduce.yaml")) + "\nsolver: { name: contoso-rsvd, options: { power_iterations: 2 } }\n");

        DotnetRun build = app.Run("build");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(build.Compressed, build.ToString());
        JsonElement solver = Assert.Single(ArtifactManifest.Plugins(app.OutputArtifact), p => p.GetProperty("kind").GetString() == "solver");
        Assert.Equal("contoso-rsvd", solver.GetProperty("name").GetString());
        Assert.Equal("Contoso.GroupReduce.Solver", solver.GetProperty("assembly").GetString());

        // Its dependency at its own version, inside the engine whose own YamlDotNet is 18.1: the solver says so in its
        // device text, which the report keeps and the artifact leaves out (artifacts are the same bytes on every machine).
        Assert.False(solver.TryGetProperty("device", out _));
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(app.Directory, "obj", "Debug", "net10.0", "groupreduce", "lm.gr.report.json")));
        JsonElement reported = Assert.Single(report.RootElement.GetProperty("plugins").EnumerateArray(), p => p.GetProperty("kind").GetString() == "solver");
        Assert.Contains("YamlDotNet 16.3.0", reported.GetProperty("device").GetString(), StringComparison.Ordinal);

        // The plugin ships for the build only: nothing of it reaches the app's output.
        string bin = Path.Combine(app.Directory, "bin", "Debug", "net10.0");
        Assert.False(File.Exists(Path.Combine(bin, "Contoso.GroupReduce.Solver.dll")));
        Assert.False(File.Exists(Path.Combine(bin, "YamlDotNet.dll")));
    }
}
