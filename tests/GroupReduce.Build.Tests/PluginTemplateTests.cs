using System.Text.Json;

namespace GroupReduce.Build.Tests;

/// <summary>
/// The whole path of a third-party plugin: <c>dotnet new groupreduce-plugin</c> (installed from the repository's folder
/// into a throw-away template hive), the generated tests, <c>dotnet pack</c>, and an app whose build picks the plugin up
/// through the package's GroupReducePlugin item and names its quantizer in the spec.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class PluginTemplateTests(PackageFixture package)
{
    private const string PluginName = "MyQuantizer";

    [Fact]
    public void A_plugin_made_from_the_template_is_tested_packed_and_used_by_a_build()
    {
        string work = Path.Combine(package.Root, "template-" + Guid.NewGuid().ToString("N")[..8]);
        string hive = Path.Combine(work, "hive");
        string plugin = Path.Combine(work, PluginName);
        Directory.CreateDirectory(work);

        DotnetRun install = DotnetRun.Start(work, package.NuGetPackages, "new", "install",
            Path.Combine(package.RepoRoot, "templates", "GroupReduce.Plugin.Templates", "content"), "--debug:custom-hive", hive);
        Assert.True(install.ExitCode == 0, install.ToString());
        DotnetRun create = DotnetRun.Start(work, package.NuGetPackages, "new", "groupreduce-plugin", "-n", PluginName, "-o", plugin,
            "--AbstractionsVersion", package.Version, "--debug:custom-hive", hive);
        Assert.True(create.ExitCode == 0, create.ToString());
        WriteNuGetConfig(plugin);

        // The generated tests run against GroupReduce.Abstractions from the feed, as a plugin author's would from nuget.org.
        DotnetRun test = DotnetRun.Start(plugin, package.NuGetPackages, "test", $"{PluginName}.slnx", "-nologo");
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Contains("Failed:     0", test.Output, StringComparison.Ordinal);

        DotnetRun pack = DotnetRun.Start(plugin, package.NuGetPackages, "pack", Path.Combine(PluginName, $"{PluginName}.csproj"), "-c", "Release", "-o", package.Feed, "-nologo");
        Assert.True(pack.ExitCode == 0, pack.ToString());

        var app = new ThrowAwayProject(
            package,
            itemXml: $"""
                <PackageReference Include="{PluginName}" Version="1.0.0" PrivateAssets="all" />
                <GroupReduceModel Include="lm.bin" />
                """,
            feedPackages: PluginName);
        UseThePluginInTheSpec(app);

        DotnetRun build = app.Run("build");
        Assert.True(build.ExitCode == 0 && build.Compressed, build.ToString());
        Assert.Contains("--plugins", build.Output, StringComparison.Ordinal);
        JsonElement quantizer = Assert.Single(ArtifactManifest.Plugins(app.OutputArtifact), p => p.GetProperty("kind").GetString() == "quantizer");
        Assert.Equal("myquantizer", quantizer.GetProperty("name").GetString());
        Assert.Equal(PluginName, quantizer.GetProperty("assembly").GetString());

        DotnetRun noop = app.Run("build");
        Assert.True(noop.ExitCode == 0 && noop.SkippedAsUpToDate && !noop.Compressed, noop.ToString());

        // A plugin file changes (another version restored): its files are inputs of the compression, so it runs again.
        string restored = Path.Combine(package.NuGetPackages, PluginName.ToLowerInvariant(), "1.0.0", "plugin", "net10.0", $"{PluginName}.deps.json");
        File.SetLastWriteTimeUtc(restored, DateTime.UtcNow.AddSeconds(2));
        DotnetRun again = app.Run("build");
        Assert.True(again.ExitCode == 0 && again.Compressed, again.ToString());

        // The cache key holds the plugin's files by their place inside the plugin's folder: a checkout on a machine whose
        // NuGet packages folder is elsewhere still gets the artifact from the cache.
        string cache = Path.Combine(work, "cache");
        DotnetRun filled = CheckoutWithPlugin(cache, out ThrowAwayProject first).Run("build");
        Assert.True(filled.ExitCode == 0 && filled.Compressed && !filled.RestoredFromCache, filled.ToString());
        ThrowAwayProject elsewhere = CheckoutWithPlugin(cache, out _);
        DotnetRun hit = DotnetRun.Start(elsewhere.Directory, Path.Combine(work, "other-packages"), "build", "-v:n", "-nologo");
        Assert.True(hit.ExitCode == 0 && hit.RestoredFromCache, hit.ToString());
        Assert.Equal(File.ReadAllBytes(first.OutputArtifact), File.ReadAllBytes(elsewhere.OutputArtifact));
    }

    [Fact]
    public void The_packed_template_restores_and_builds_as_generated_with_no_version_argument()
    {
        // As a plugin author does it: the template package installed from the feed (packed at the fixture's version, as
        // GroupReduce.Abstractions is), then `dotnet new groupreduce-plugin` with nothing but a name. Its default
        // AbstractionsVersion is the template package's own version, so the generated projects restore from the feed.
        string work = Path.Combine(package.Root, "template-defaults-" + Guid.NewGuid().ToString("N")[..8]);
        string hive = Path.Combine(work, "hive");
        string plugin = Path.Combine(work, PluginName);
        Directory.CreateDirectory(work);
        string templates = Path.Combine(package.ShippedPackages, $"GroupReduce.Plugin.Templates.{package.Version}.nupkg");

        DotnetRun install = DotnetRun.Start(work, package.NuGetPackages, "new", "install", templates, "--debug:custom-hive", hive);
        Assert.True(install.ExitCode == 0, install.ToString());
        DotnetRun create = DotnetRun.Start(work, package.NuGetPackages, "new", "groupreduce-plugin", "-n", PluginName, "-o", plugin, "--debug:custom-hive", hive);
        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.Contains($"""Include="GroupReduce.Abstractions" Version="{package.Version}" """, File.ReadAllText(Path.Combine(plugin, PluginName, $"{PluginName}.csproj")), StringComparison.Ordinal);
        WriteNuGetConfig(plugin);

        // Warnings are errors in the generated projects, so a NU1603 (a version the feed does not have) would fail here too.
        DotnetRun build = DotnetRun.Start(plugin, package.NuGetPackages, "build", $"{PluginName}.slnx", "-nologo");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(Directory.Exists(Path.Combine(package.NuGetPackages, "groupreduce.abstractions", package.Version)), build.ToString());
        Assert.True(File.Exists(Path.Combine(plugin, PluginName, "bin", "Debug", "net10.0", $"{PluginName}.dll")), build.ToString());
    }

    [Fact]
    public void A_plugin_item_naming_a_missing_file_fails_the_build_with_GR5008()
    {
        var app = new ThrowAwayProject(package, itemXml: """
            <GroupReducePlugin Include="missing/Contoso.Plugin.dll" />
            <GroupReduceModel Include="lm.bin" />
            """);

        DotnetRun build = app.Run("build");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error GR5008: GroupReducePlugin 'missing/Contoso.Plugin.dll' does not exist", build.Output, StringComparison.Ordinal);
        Assert.False(build.Compressed, build.ToString());
    }

    private ThrowAwayProject CheckoutWithPlugin(string cache, out ThrowAwayProject project)
    {
        project = new ThrowAwayProject(
            package,
            itemXml: $"""
                <PackageReference Include="{PluginName}" Version="1.0.0" PrivateAssets="all" />
                <GroupReduceModel Include="lm.bin" />
                """,
            properties: $"<GroupReduceCacheDirectory>{cache}</GroupReduceCacheDirectory>",
            feedPackages: PluginName);
        UseThePluginInTheSpec(project);
        return project;
    }

    private static void UseThePluginInTheSpec(ThrowAwayProject project)
    {
        string spec = Path.Combine(project.Directory, "groupreduce.yaml");
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("quantizer: float", "quantizer: {name: myquantizer, options: {bits: 8}}", StringComparison.Ordinal));
    }

    // The feed for GroupReduce.* packages; everything else (xunit, the test SDK) from this machine's packages folder when it
    // has them, so the test needs no network where the repository's own restore already ran.
    private void WriteNuGetConfig(string folder)
    {
        string global = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string fallback = Directory.Exists(global) ? $"""<fallbackPackageFolders><add key="machine" value="{global}" /></fallbackPackageFolders>""" : string.Empty;
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="groupreduce-test-feed" value="{package.Feed}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="groupreduce-test-feed"><package pattern="GroupReduce.*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
              {fallback}
            </configuration>
            """);
    }
}
