using GroupReduce.Testing.Engine;

namespace GroupReduce.Build.Tests;

/// <summary>A console app in a fresh folder that consumes the packed GroupReduce.Build, with the tiny model as lm.bin.</summary>
public sealed class ThrowAwayProject
{
    private readonly PackageFixture _package;

    /// <summary>Creates the project.</summary>
    /// <param name="package">The packed package.</param>
    /// <param name="itemXml">The ItemGroup content, by default one GroupReduceModel for lm.bin.</param>
    /// <param name="properties">Extra PropertyGroup content.</param>
    /// <param name="feedPackages">Other package ids (patterns) that come from the test feed, e.g. a plugin packed by a test.</param>
    public ThrowAwayProject(PackageFixture package, string itemXml = "<GroupReduceModel Include=\"lm.bin\" />", string properties = "", params string[] feedPackages)
    {
        _package = package;
        Directory = Path.Combine(package.Root, "app-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);

        // lm.bin, not lm.safetensors: the engine detects the format by content.
        File.Copy(Path.Combine(package.TinyModel, "lm.safetensors"), Path.Combine(Directory, "lm.bin"));
        foreach (string name in new[] { "groupreduce.yaml", "counts.tsv", "vocab.txt" })
        {
            File.Copy(Path.Combine(package.TinyModel, name), Path.Combine(Directory, name));
        }

        File.WriteAllText(Path.Combine(Directory, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <IsPackable>true</IsPackable>
                <PackageId>ThrowAway.App</PackageId>
                <Version>1.0.0</Version>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="GroupReduce.Build" Version="{package.Version}" PrivateAssets="all" />
                {itemXml}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Directory, "Program.cs"), "System.Console.WriteLine(\"hello\");\n");

        // The folder feed beside the configured sources; source mapping sends GroupReduce.* only to it, so the restore
        // needs nothing else from the network (a net10.0 console app has no other package).
        File.WriteAllText(Path.Combine(Directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="groupreduce-test-feed" value="{package.Feed}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="groupreduce-test-feed"><package pattern="GroupReduce.*" />{string.Concat(feedPackages.Select(id => $"<package pattern=\"{id}\" />"))}</packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
    }

    /// <summary>The project's folder.</summary>
    public string Directory { get; }

    /// <summary>The artifact under obj/.</summary>
    public string IntermediateArtifact => Path.Combine(Directory, "obj", "Debug", "net10.0", "groupreduce", "lm.gr.safetensors");

    /// <summary>The artifact in bin/.</summary>
    public string OutputArtifact => Path.Combine(Directory, "bin", "Debug", "net10.0", "lm.gr.safetensors");

    /// <summary>Runs <c>dotnet</c> with the arguments and normal verbosity (target skips are logged there).</summary>
    public DotnetRun Run(params string[] arguments) => DotnetRun.Start(Directory, _package.NuGetPackages, [.. arguments, "-v:n", "-nologo"]);

    /// <summary>Moves a file's write time forward, as an edit would.</summary>
    public void Touch(string name) => File.SetLastWriteTimeUtc(Path.Combine(Directory, name), DateTime.UtcNow.AddSeconds(2));
}
