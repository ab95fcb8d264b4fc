using System.Reflection;
using System.Text.RegularExpressions;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Models;

namespace GroupReduce.Cli.Tests;

/// <summary>
/// One version for a build: <c>groupreduce --version</c> prints the engine assembly's informational version without its
/// +commit suffix (the version from git its packages carry), and an artifact it writes records the same as tool.version.
/// </summary>
public sealed partial class VersionTests
{
    [Fact]
    public void Version_prints_the_git_version_and_an_artifact_records_the_same_as_its_tool_version()
    {
        using var cli = new CliRun();
        string informational = typeof(GroupReduce.Core.Execution.ToolVersion).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        int code = cli.Run("--version");

        Assert.True(code == 0, cli.Error);
        string printed = cli.Output.TrimEnd('\r', '\n');
        Assert.Equal(informational.Split('+')[0], printed);
        Assert.Matches(SemanticVersion(), printed);
        Assert.DoesNotContain("+", printed, StringComparison.Ordinal);
        Assert.Equal(string.Empty, cli.Error);

        // The CLI's assembly carries the same version as the engine's: both come from the commit they were built from.
        Assert.Equal(informational, typeof(CliApplication).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion);

        Assert.Equal(0, cli.Run("compress", cli["lm.safetensors"], "--spec", cli["groupreduce.yaml"], "-o", cli["lm.gr.safetensors"]));
        using ModelFile artifact = ModelFileReader.Open(cli["lm.gr.safetensors"]);
        (ArtifactManifest manifest, _) = ArtifactReader.TryRead(artifact) ?? throw new Xunit.Sdk.XunitException("no manifest in the artifact");
        Assert.Equal("groupreduce", manifest.Tool.Name);
        Assert.Equal(printed, manifest.Tool.Version);
    }

    /// <summary>major.minor.patch with an optional prerelease (e.g. -g1a2b3c4d5e off main, -nogit from a source archive).</summary>
    [GeneratedRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemanticVersion();
}
