using System.Reflection;

namespace GroupReduce.Build.Tests;

/// <summary>
/// Packs GroupReduce.Build (and GroupReduce.Abstractions) once per test run into a temporary folder feed, with a unique prerelease version and its own
/// NUGET_PACKAGES folder, so no NuGet cache can serve bits from an earlier run.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    /// <summary>Packs the package.</summary>
    public PackageFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "groupreduce-build-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Feed = Path.Combine(Root, "feed");
        NuGetPackages = Path.Combine(Root, "packages");
        Directory.CreateDirectory(Feed);
        RepoRoot = FindRepoRoot();
        Version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        string configuration = Configuration;
        DotnetRun pack = DotnetRun.Start(RepoRoot, NuGetPackages, "pack", Path.Combine(RepoRoot, "src", "GroupReduce.Build", "GroupReduce.Build.csproj"),
            "-c", configuration, "-o", Feed, $"-p:GroupReducePackageVersion={Version}", "-nologo", "-v:m");
        if (pack.ExitCode != 0 || !File.Exists(Path.Combine(Feed, $"GroupReduce.Build.{Version}.nupkg")))
        {
            throw new InvalidOperationException($"packing GroupReduce.Build failed: {pack}");
        }

        // The contracts, for plugins built against the feed (the plugin template's test). Packed here, with the same
        // version, so every test shares one pack.
        DotnetRun abstractions = DotnetRun.Start(RepoRoot, NuGetPackages, "pack", Path.Combine(RepoRoot, "src", "GroupReduce.Abstractions", "GroupReduce.Abstractions.csproj"),
            "-c", configuration, "-o", Feed, $"-p:PackageVersion={Version}", "-nologo", "-v:m");
        if (abstractions.ExitCode != 0 || !File.Exists(Path.Combine(Feed, $"GroupReduce.Abstractions.{Version}.nupkg")))
        {
            throw new InvalidOperationException($"packing GroupReduce.Abstractions failed: {abstractions}");
        }

        // The sample third-party solver, as its author would ship it (plugin/net10.0/ and a build/ props). Packable only
        // when asked: the repository ships GroupReduce's own packages and no sample.
        DotnetRun sample = DotnetRun.Start(RepoRoot, NuGetPackages, "pack", Path.Combine(RepoRoot, "samples", "Contoso.GroupReduce.Solver", "Contoso.GroupReduce.Solver.csproj"),
            "-c", configuration, "-o", Feed, "-p:IsPackable=true", $"-p:PackageVersion={Version}", "-nologo", "-v:m");
        if (sample.ExitCode != 0 || !File.Exists(Path.Combine(Feed, $"Contoso.GroupReduce.Solver.{Version}.nupkg")))
        {
            throw new InvalidOperationException($"packing Contoso.GroupReduce.Solver failed: {sample}");
        }

        TinyModel = Path.Combine(AppContext.BaseDirectory, "tiny-lm");
        shipped = new Lazy<string>(PackShipped, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// The folder holding GroupReduce.Cli, GroupReduce.Runtime and GroupReduce.Plugin.Templates at <see cref="Version"/>,
    /// packed on first use and shared by the tests that read them. Packed with --no-restore: they are restored with the
    /// solution, and the isolated NUGET_PACKAGES folder would otherwise restore the tool's whole dependency graph again.
    /// </summary>
    public string ShippedPackages => shipped.Value;

    private readonly Lazy<string> shipped;

    /// <summary>The configuration packed: the tests' own, so the pack reuses what the test run has just built.</summary>
    public static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <summary>The temporary folder everything lives in.</summary>
    public string Root { get; }

    /// <summary>The folder feed holding GroupReduce.Build, GroupReduce.Abstractions and the sample Contoso.GroupReduce.Solver, all at <see cref="Version"/>.</summary>
    public string Feed { get; }

    /// <summary>The isolated NUGET_PACKAGES folder the throw-away projects restore into.</summary>
    public string NuGetPackages { get; }

    /// <summary>The package's version.</summary>
    public string Version { get; }

    /// <summary>
    /// The version of everything built from this commit (from git, Nerdbank.GitVersioning), this test assembly included:
    /// its informational version less the +commit suffix, which is also what <c>groupreduce --version</c> prints, an
    /// artifact records and a package packed without an explicit version takes.
    /// </summary>
    public static string GitVersion { get; } =
        typeof(PackageFixture).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    /// <summary>The repository root.</summary>
    public string RepoRoot { get; }

    /// <summary>The copy of samples/tiny-lm beside the test assembly.</summary>
    public string TinyModel { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the OS cleans the temp folder eventually.
        }
    }

    private string PackShipped()
    {
        string output = Path.Combine(Root, "shipped");
        foreach (string project in new[] { "src/GroupReduce.Cli/GroupReduce.Cli.csproj", "src/GroupReduce.Runtime/GroupReduce.Runtime.csproj", "templates/GroupReduce.Plugin.Templates/GroupReduce.Plugin.Templates.csproj" })
        {
            DotnetRun pack = DotnetRun.Start(RepoRoot, NuGetPackages, "pack", Path.Combine(RepoRoot, project),
                "-c", Configuration, "-o", output, $"-p:PackageVersion={Version}", "--no-restore", "-nologo", "-v:m");
            if (pack.ExitCode != 0)
            {
                throw new InvalidOperationException($"packing {project} failed: {pack}");
            }
        }

        return output;
    }

    private static string FindRepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GroupReduce.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GroupReduce.sln not found above " + AppContext.BaseDirectory);
    }
}
