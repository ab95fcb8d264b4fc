using System.IO.Compression;
using System.Text.Json.Nodes;

namespace GroupReduce.Build.Tests;

/// <summary>
/// The groupreduce tool package as a user installs it: it starts on a newer runtime, carries the plots' native libraries
/// for the documented platforms only (docs/packages.md), stays under its size ceiling, and works without those libraries
/// for every command but the sweep's plots.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class ToolPackageTests(PackageFixture package)
{
    /// <summary>The runtimes/&lt;rid&gt;/native folders of the tool, as docs/packages.md lists them ("osx" is one universal x64 + arm64 library).</summary>
    private static readonly string[] SupportedNativeRids = ["linux-arm64", "linux-x64", "osx", "win-arm64", "win-x64"];

    /// <summary>The ceiling docs/packages.md states: 36 MB (81 MB unpacked) at 0.1.0, with room for a Debug pack and small dependency updates.</summary>
    private const long MaxPackageBytes = 40_000_000;

    private const long MaxUnpackedBytes = 88_000_000;

    private string Nupkg => Path.Combine(package.ShippedPackages, $"GroupReduce.Cli.{package.Version}.nupkg");

    [Fact]
    public void The_tool_rolls_forward_to_newer_runtimes_carries_natives_for_the_supported_platforms_only_and_stays_under_its_ceiling()
    {
        using ZipArchive zip = ZipFile.OpenRead(Nupkg);

        ZipArchiveEntry config = zip.GetEntry("tools/net10.0/any/groupreduce.runtimeconfig.json") ?? throw new Xunit.Sdk.XunitException("no groupreduce.runtimeconfig.json in the tool");
        using (Stream stream = config.Open())
        {
            Assert.Equal("Major", (string?)JsonNode.Parse(stream)!["runtimeOptions"]!["rollForward"]);
        }

        string[] natives = zip.Entries
            .Select(e => e.FullName.Split('/'))
            .Where(p => p.Length > 6 && p[3] == "runtimes" && p[5] == "native")
            .Select(p => p[4])
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(SupportedNativeRids, natives);

        long packed = new FileInfo(Nupkg).Length;
        long unpacked = zip.Entries.Sum(e => e.Length);
        Assert.True(packed < MaxPackageBytes, $"the tool package is {packed:N0} bytes, over its ceiling of {MaxPackageBytes:N0}");
        Assert.True(unpacked < MaxUnpackedBytes, $"the tool unpacks to {unpacked:N0} bytes, over its ceiling of {MaxUnpackedBytes:N0}");
    }

    [Fact]
    public void Without_the_plots_native_libraries_every_command_works_and_sweep_says_GR1222_before_any_cell_or_runs_with_no_plots()
    {
        // A platform the package has no natives for, simulated by deleting them: no other command may need them.
        string tool = Path.Combine(package.Root, "tool-" + Guid.NewGuid().ToString("N")[..8]);
        ZipFile.ExtractToDirectory(Nupkg, tool);
        string app = Path.Combine(tool, "tools", "net10.0", "any");
        Directory.Delete(Path.Combine(app, "runtimes"), recursive: true);
        string work = Path.Combine(tool, "work");
        Directory.CreateDirectory(work);
        foreach (string file in Directory.GetFiles(package.TinyModel))
        {
            File.Copy(file, Path.Combine(work, Path.GetFileName(file)));
        }

        string groupreduce = Path.Combine(app, "groupreduce.dll");
        DotnetRun compress = DotnetRun.Start(work, package.NuGetPackages, groupreduce, "compress", "lm.safetensors", "-s", "groupreduce.yaml", "-o", "lm.gr.safetensors", "-q");
        Assert.True(compress.ExitCode == 0, compress.ToString());
        Assert.True(File.Exists(Path.Combine(work, "lm.gr.safetensors")));

        DotnetRun sweep = DotnetRun.Start(work, package.NuGetPackages, groupreduce, "sweep", "lm.safetensors", "-s", "groupreduce.yaml", "-r", "4", "-m", "svd", "--quantizers", "none", "-o", "sweep");
        Assert.True(sweep.ExitCode == 1, sweep.ToString());
        Assert.Contains("error GR1222: the sweep's plots cannot be drawn on this platform (", sweep.Output, StringComparison.Ordinal);
        Assert.Contains("run the sweep with --no-plots", sweep.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(work, "sweep")));

        DotnetRun noPlots = DotnetRun.Start(work, package.NuGetPackages, groupreduce, "sweep", "lm.safetensors", "-s", "groupreduce.yaml", "-r", "4", "-m", "svd", "--quantizers", "none", "-o", "sweep", "--no-plots", "-q");
        Assert.True(noPlots.ExitCode == 0, noPlots.ToString());
        Assert.Contains("- plots: not drawn (--no-plots)", File.ReadAllText(Path.Combine(work, "sweep", "sweep.md")), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(work, "sweep"), "*.png"));
    }

    /// <summary>
    /// The tool installed the two ways docs/ci.md gives, from the packed package in a folder feed: as a local tool (a
    /// manifest, <c>dotnet tool install</c>, then <c>dotnet tool restore</c> into an empty package folder as a fresh
    /// agent does, and <c>dotnet groupreduce</c>) and into a tool path (the <c>groupreduce</c> shim run directly). Each
    /// prints the version of this build and compresses the tiny model.
    /// </summary>
    [Fact]
    public void Dotnet_tool_install_from_the_feed_gives_a_groupreduce_that_runs_as_a_local_tool_and_from_a_tool_path()
    {
        // The tool's own version is this commit's (from git), whatever version the fixture packed it under.
        string git = PackageFixture.GitVersion;
        var pipeline = new FeedApp(package, "pipeline");
        foreach (string file in Directory.GetFiles(package.TinyModel))
        {
            pipeline.Copy(file);
        }

        TimeSpan limit = TimeSpan.FromMinutes(3);
        Succeeded(pipeline.Dotnet(limit, "new", "tool-manifest"));
        Succeeded(pipeline.Dotnet(limit, "tool", "install", "GroupReduce.Cli", "--version", package.Version));
        // The .NET 10 SDK writes the manifest beside the project (earlier SDKs wrote .config/dotnet-tools.json).
        string manifest = File.ReadAllText(Path.Combine(pipeline.Directory, "dotnet-tools.json"));
        Assert.Contains("\"groupreduce.cli\"", manifest, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"\"version\": \"{package.Version}\"", manifest, StringComparison.Ordinal);

        // A fresh agent: the manifest is all it has.
        string agentPackages = Path.Combine(package.Root, "agent-packages-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Contains("groupreduce", Succeeded(DotnetRun.Start(limit, pipeline.Directory, agentPackages, "tool", "restore")).Output, StringComparison.Ordinal);
        DotnetRun localVersion = Succeeded(DotnetRun.Start(limit, pipeline.Directory, agentPackages, "groupreduce", "--version"));
        Assert.Equal(git, localVersion.Output.Trim());
        Succeeded(DotnetRun.Start(limit, pipeline.Directory, agentPackages, "groupreduce", "compress", "lm.safetensors", "-s", "groupreduce.yaml", "-o", "local.gr.safetensors", "-q"));
        Assert.True(new FileInfo(Path.Combine(pipeline.Directory, "local.gr.safetensors")).Length > 0);

        Succeeded(pipeline.Dotnet(limit, "tool", "install", "GroupReduce.Cli", "--version", package.Version, "--tool-path", "tools"));
        string shim = Path.Combine("tools", OperatingSystem.IsWindows() ? "groupreduce.exe" : "groupreduce");
        (int exitCode, string output, string error) = pipeline.ExecuteOnThisRuntime(shim, "--version");
        Assert.True(exitCode == 0, error);
        Assert.Equal(git, output.Trim());
        (exitCode, output, error) = pipeline.ExecuteOnThisRuntime(shim, "compress", "lm.safetensors", "-s", "groupreduce.yaml", "-o", "path.gr.safetensors", "-q");
        Assert.True(exitCode == 0, output + error);

        // Two installs of the same package, one model and spec: the same bytes (docs/ci.md's reproducible artifacts).
        Assert.Equal(File.ReadAllBytes(Path.Combine(pipeline.Directory, "local.gr.safetensors")), File.ReadAllBytes(Path.Combine(pipeline.Directory, "path.gr.safetensors")));
    }

    private static DotnetRun Succeeded(DotnetRun run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        return run;
    }
}
