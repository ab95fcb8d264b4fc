using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace GroupReduce.Build.Tests;

/// <summary>
/// The packages GroupReduce ships, as a package page shows them: each packed for real and its .nuspec read back (licence,
/// README, tags, description, release notes, repository, symbols), and no other project of the repository packable.
/// GroupReduce.Build and GroupReduce.Abstractions come from the fixture's pack; the others are packed here.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed partial class ShippedPackageTests(PackageFixture package)
{
    /// <summary>Every project that makes a package, by repository path; nothing else may be packable.</summary>
    private static readonly string[] ShippedProjects =
    [
        "src/GroupReduce.Build/GroupReduce.Build.csproj",
        "src/GroupReduce.Cli/GroupReduce.Cli.csproj",
        "src/GroupReduce.Runtime/GroupReduce.Runtime.csproj",
        "src/GroupReduce.Abstractions/GroupReduce.Abstractions.csproj",
        "templates/GroupReduce.Plugin.Templates/GroupReduce.Plugin.Templates.csproj",
    ];

    [Fact]
    public void Every_shipped_package_carries_licence_readme_tags_description_release_notes_and_symbols()
    {
        string output = package.ShippedPackages;
        string releaseHeading = File.ReadLines(Path.Combine(package.RepoRoot, "CHANGELOG.md")).First(l => l.StartsWith("## ", StringComparison.Ordinal))[3..];
        string[] packages =
        [
            Path.Combine(package.Feed, $"GroupReduce.Build.{package.Version}.nupkg"),
            Path.Combine(package.Feed, $"GroupReduce.Abstractions.{package.Version}.nupkg"),
            Path.Combine(output, $"GroupReduce.Cli.{package.Version}.nupkg"),
            Path.Combine(output, $"GroupReduce.Runtime.{package.Version}.nupkg"),
            Path.Combine(output, $"GroupReduce.Plugin.Templates.{package.Version}.nupkg"),
        ];
        foreach (string nupkg in packages)
        {
            string name = Path.GetFileName(nupkg);
            using ZipArchive zip = ZipFile.OpenRead(nupkg);
            XElement metadata = Metadata(zip);

            // One version for every package: the fixture's explicit one (-p:PackageVersion, or -p:GroupReducePackageVersion
            // for GroupReduce.Build), which wins over the git version as a release's would.
            Assert.Equal(package.Version, Element(metadata, "version", name).Value);

            XElement license = Element(metadata, "license", name);
            Assert.Equal("expression", (string?)license.Attribute("type"));
            Assert.Equal("MIT", license.Value);
            Assert.False(string.IsNullOrWhiteSpace(Element(metadata, "description", name).Value), name);
            Assert.False(string.IsNullOrWhiteSpace(Element(metadata, "tags", name).Value), name);
            Assert.Contains("groupreduce", Element(metadata, "tags", name).Value.Split(' '));
            Assert.StartsWith(releaseHeading + "\n", Element(metadata, "releaseNotes", name).Value.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            Assert.Equal("git", (string?)Element(metadata, "repository", name).Attribute("type"));

            // The README is in the package, says something, and links nowhere a package page cannot follow.
            string readmePath = Element(metadata, "readme", name).Value;
            ZipArchiveEntry? readme = zip.GetEntry(readmePath);
            Assert.True(readme is not null, $"{name}: no {readmePath}");
            using (var reader = new StreamReader(readme.Open()))
            {
                string text = reader.ReadToEnd();
                Assert.True(text.Length > 200, $"{name}: README is {text.Length} characters");
                Assert.True(!RelativeLink().IsMatch(text), $"{name}: README links to '{RelativeLink().Match(text).Value}', which a package page cannot follow");

                // The install lines name the version packed, not the repository README's placeholder.
                Assert.DoesNotContain("X.Y.Z", text, StringComparison.Ordinal);
                if (name.StartsWith("GroupReduce.Build.", StringComparison.Ordinal) || name.StartsWith("GroupReduce.Runtime.", StringComparison.Ordinal)
                    || name.StartsWith("GroupReduce.Abstractions.", StringComparison.Ordinal))
                {
                    Assert.Contains($"Version=\"{package.Version}\"", text, StringComparison.Ordinal);
                }
            }

            // Symbols beside every package that has an assembly of ours; the template compiles nothing.
            string snupkg = Path.ChangeExtension(nupkg, ".snupkg");
            if (name.StartsWith("GroupReduce.Plugin.Templates.", StringComparison.Ordinal))
            {
                Assert.False(File.Exists(snupkg), name);
                Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith(".dll", StringComparison.Ordinal));
            }
            else
            {
                Assert.True(File.Exists(snupkg), $"{name}: no symbol package");
                using ZipArchive symbols = ZipFile.OpenRead(snupkg);
                Assert.Contains(symbols.Entries, e => e.FullName.EndsWith(".pdb", StringComparison.Ordinal));
            }
        }

        // The task goes to tasks/ (never lib/, so apps do not reference it) with its pdb in the symbol package.
        using ZipArchive build = ZipFile.OpenRead(packages[0]);
        Assert.Contains(build.Entries, e => e.FullName == "tasks/netstandard2.0/GroupReduce.Build.dll");
        Assert.DoesNotContain(build.Entries, e => e.FullName.StartsWith("lib/", StringComparison.Ordinal));
        using ZipArchive buildSymbols = ZipFile.OpenRead(Path.ChangeExtension(packages[0], ".snupkg"));
        Assert.Contains(buildSymbols.Entries, e => e.FullName == "tasks/netstandard2.0/GroupReduce.Build.pdb");
    }

    [Fact]
    public void Without_an_explicit_version_every_shipped_package_takes_the_one_version_from_git()
    {
        // The version pack writes into the nuspec is PackageVersion once GetBuildVersion (NBGV, then Directory.Build.targets)
        // has run.
        Dictionary<string, string> versions = ReportProperty("versions", string.Join(';', ShippedProjects.Select(p => $"{package.RepoRoot}/{p}")), "PackageVersion", dependsOn: "GetBuildVersion");

        Assert.Equal(ShippedProjects.Order(StringComparer.Ordinal), versions.Keys.Order(StringComparer.Ordinal));
        string git = PackageFixture.GitVersion;
        Assert.All(versions, v => Assert.Equal(git, v.Value));
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", git);
    }

    [Fact]
    public void Without_an_explicit_version_the_package_README_names_the_git_version()
    {
        // The Runtime is multi-targeted: its package is made by the outer build, where the version is set latest. Packed with
        // --no-build (the test run has built it) and no version, so NBGV's version names the package and its README.
        string output = Path.Combine(package.Root, "readme-" + Guid.NewGuid().ToString("N")[..8]);
        DotnetRun pack = DotnetRun.Start(package.RepoRoot, package.NuGetPackages, "pack", Path.Combine(package.RepoRoot, "src", "GroupReduce.Runtime", "GroupReduce.Runtime.csproj"),
            "-c", PackageFixture.Configuration, "-o", output, "--no-build", "--no-restore", "-nologo", "-v:m");
        Assert.True(pack.ExitCode == 0, pack.ToString());

        string git = PackageFixture.GitVersion;
        string nupkg = Path.Combine(output, $"GroupReduce.Runtime.{git}.nupkg");
        Assert.True(File.Exists(nupkg), $"no {nupkg}: {string.Join(", ", Directory.GetFiles(output).Select(Path.GetFileName))}");
        using ZipArchive zip = ZipFile.OpenRead(nupkg);
        using var reader = new StreamReader(zip.GetEntry("README.md")!.Open());
        string text = reader.ReadToEnd();
        Assert.Contains($"Include=\"GroupReduce.Runtime\" Version=\"{git}\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("X.Y.Z", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_packed_template_defaults_AbstractionsVersion_to_its_own_version()
    {
        string nupkg = Path.Combine(package.ShippedPackages, $"GroupReduce.Plugin.Templates.{package.Version}.nupkg");
        using ZipArchive zip = ZipFile.OpenRead(nupkg);
        ZipArchiveEntry config = zip.GetEntry("content/groupreduce-plugin/.template.config/template.json")
            ?? throw new Xunit.Sdk.XunitException("the template package has no template.json");
        using var reader = new StreamReader(config.Open());
        using var json = System.Text.Json.JsonDocument.Parse(reader.ReadToEnd());

        Assert.Equal(package.Version, json.RootElement.GetProperty("symbols").GetProperty("AbstractionsVersion").GetProperty("defaultValue").GetString());
    }

    [Fact]
    public void Only_the_shipped_projects_are_packable()
    {
        // Every project of the repository, the multi-targeted Runtime in its outer build, where pack runs.
        string all = string.Join(';', new[] { "src/**", "plugins/**", "tools/**", "samples/**", "bench/**", "tests/**", "templates/*" }.Select(f => $"{package.RepoRoot}/{f}/*.csproj"));
        Dictionary<string, string> reported = ReportProperty("packable", all, "IsPackable");

        Assert.True(reported.Count >= 30, string.Join(", ", reported.Keys));
        Assert.Equal("false", reported["src/GroupReduce.Core/GroupReduce.Core.csproj"]);
        Assert.Equal("false", reported["samples/Contoso.GroupReduce.Solver/Contoso.GroupReduce.Solver.csproj"]);
        Assert.Equal(ShippedProjects.Order(StringComparer.Ordinal), reported.Where(p => p.Value == "true").Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    private static XElement Metadata(ZipArchive zip)
    {
        ZipArchiveEntry nuspec = zip.Entries.Single(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using Stream stream = nuspec.Open();
        XElement root = XElement.Load(stream);
        return root.Element(root.Name.Namespace + "metadata") ?? throw new InvalidOperationException($"{nuspec.FullName} has no metadata");
    }

    private static XElement Element(XElement metadata, string name, string package) =>
        metadata.Element(metadata.Name.Namespace + name) ?? throw new Xunit.Sdk.XunitException($"{package}: the nuspec has no <{name}>");

    /// <summary>A Markdown link or image whose target is not an absolute http(s) address.</summary>
    [GeneratedRegex(@"\]\((?!https?://)[^)]*\)")]
    private static partial Regex RelativeLink();

    /// <summary>
    /// One MSBuild run that evaluates <paramref name="property"/> in every project matching <paramref name="include"/>
    /// (after <paramref name="dependsOn"/>), through a target added from outside with CustomAfterMicrosoftCommonTargets,
    /// and for a multi-targeted project in its outer build (CustomAfterMicrosoftCommonCrossTargetingTargets). Nothing is
    /// restored or built, so the check stays a few seconds.
    /// </summary>
    /// <returns>The value per project, by its path relative to the repository with forward slashes.</returns>
    private Dictionary<string, string> ReportProperty(string name, string include, string property, string dependsOn = "")
    {
        string work = Path.Combine(package.Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "report.targets"), $$"""
            <Project>
              <Target Name="ReportProperty" DependsOnTargets="{{dependsOn}}" Returns="@(_Reported)">
                <ItemGroup><_Reported Include="$(MSBuildProjectFullPath)" Value="$({{property}})" /></ItemGroup>
              </Target>
            </Project>
            """);
        File.WriteAllText(Path.Combine(work, "probe.proj"), $$"""
            <Project>
              <ItemGroup>
                <Probed Include="{{include}}" Exclude="{{package.RepoRoot}}/**/bin/**;{{package.RepoRoot}}/**/obj/**" />
              </ItemGroup>
              <Target Name="Probe">
                <MSBuild Projects="@(Probed)" Targets="ReportProperty" Properties="CustomAfterMicrosoftCommonTargets={{work}}/report.targets;CustomAfterMicrosoftCommonCrossTargetingTargets={{work}}/report.targets">
                  <Output TaskParameter="TargetOutputs" ItemName="Reported" />
                </MSBuild>
                <Message Importance="high" Text="reported: %(Reported.Identity) = %(Reported.Value)" />
              </Target>
            </Project>
            """);

        DotnetRun probe = DotnetRun.Start(work, package.NuGetPackages, "msbuild", "probe.proj", "-t:Probe", "-nologo", "-v:m");
        Assert.True(probe.ExitCode == 0, probe.ToString());
        return ReportedLine().Matches(probe.Output)
            .ToDictionary(m => Path.GetRelativePath(package.RepoRoot, m.Groups["path"].Value).Replace('\\', '/'), m => m.Groups["value"].Value);
    }

    [GeneratedRegex(@"reported: (?<path>.+?\.csproj) = (?<value>\S*)")]
    private static partial Regex ReportedLine();
}
