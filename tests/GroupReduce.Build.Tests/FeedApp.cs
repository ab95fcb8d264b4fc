using System.Diagnostics;

namespace GroupReduce.Build.Tests;

/// <summary>
/// An app as a developer outside this repository writes it: a fresh folder with its own csproj, Program.cs and
/// nuget.config, whose GroupReduce packages come only from the packages this test run packed (the fixture's feed and
/// its shipped packages), at the fixture's version.
/// </summary>
public sealed class FeedApp
{
    private readonly PackageFixture _package;

    /// <summary>Creates the app's folder and its nuget.config.</summary>
    /// <param name="package">The packed packages.</param>
    /// <param name="name">The project's name (and so its executable's).</param>
    public FeedApp(PackageFixture package, string name)
    {
        _package = package;
        Name = name;
        Directory = Path.Combine(package.Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);

        // Both folders the run packed into; source mapping sends GroupReduce.* only there, everything else (the .NET 8
        // runtime packs, the NativeAOT compiler, System.Numerics.Tensors) to the configured source.
        File.WriteAllText(Path.Combine(Directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="groupreduce-test-feed" value="{package.Feed}" />
                <add key="groupreduce-test-shipped" value="{package.ShippedPackages}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="groupreduce-test-feed"><package pattern="GroupReduce.*" /></packageSource>
                <packageSource key="groupreduce-test-shipped"><package pattern="GroupReduce.*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
    }

    /// <summary>The project's name.</summary>
    public string Name { get; }

    /// <summary>The app's folder.</summary>
    public string Directory { get; }

    /// <summary>Writes a file of the app.</summary>
    /// <param name="name">Its path relative to the app's folder.</param>
    /// <param name="text">Its content.</param>
    public void Write(string name, string text) => File.WriteAllText(Path.Combine(Directory, name), text);

    /// <summary>Copies a file into the app's folder.</summary>
    /// <param name="source">The file.</param>
    /// <param name="name">Its name in the app's folder; by default its own.</param>
    public void Copy(string source, string? name = null) => File.Copy(source, Path.Combine(Directory, name ?? Path.GetFileName(source)));

    /// <summary>The csproj of a console app on <paramref name="targetFramework"/> referencing GroupReduce.Build and GroupReduce.Runtime.</summary>
    /// <param name="targetFramework">The app's framework.</param>
    /// <param name="properties">Extra PropertyGroup content.</param>
    /// <param name="items">The ItemGroup content (its GroupReduceModel items).</param>
    public void WriteProject(string targetFramework, string properties, string items) => Write(Name + ".csproj", $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>{targetFramework}</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <InvariantGlobalization>true</InvariantGlobalization>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            {properties}
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="GroupReduce.Build" Version="{_package.Version}" PrivateAssets="all" />
            <PackageReference Include="GroupReduce.Runtime" Version="{_package.Version}" />
            {items}
          </ItemGroup>
        </Project>
        """);

    /// <summary>Runs <c>dotnet</c> in the app's folder with the isolated package folder, allowing <paramref name="limit"/>.</summary>
    public DotnetRun Dotnet(TimeSpan limit, params string[] arguments) => DotnetRun.Start(limit, Directory, _package.NuGetPackages, arguments);

    /// <summary>Runs an executable the app's build made, and gives its exit code and standard output.</summary>
    /// <param name="path">The executable, relative to the app's folder.</param>
    /// <param name="arguments">Its arguments.</param>
    public (int ExitCode, string Output, string Error) Execute(string path, params string[] arguments) =>
        Execute(path, dotnetRoot: null, arguments);

    /// <summary>
    /// Runs a framework-dependent executable (an apphost, such as a dotnet tool's shim) with <c>DOTNET_ROOT</c> naming
    /// the .NET installation that runs these tests, as a machine with the SDK on its PATH has it.
    /// </summary>
    /// <param name="path">The executable, relative to the app's folder.</param>
    /// <param name="arguments">Its arguments.</param>
    public (int ExitCode, string Output, string Error) ExecuteOnThisRuntime(string path, params string[] arguments) =>
        Execute(path, DotnetRoot(), arguments);

    /// <summary>The installation folder of the running runtime: shared/Microsoft.NETCore.App/&lt;version&gt;/ is three levels below it.</summary>
    private static string DotnetRoot() =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));

    private (int ExitCode, string Output, string Error) Execute(string path, string? dotnetRoot, string[] arguments)
    {
        var info = new ProcessStartInfo(Path.Combine(Directory, path))
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // A self-contained or native app must not find a runtime through the test host's environment: it brings its own.
        info.Environment.Remove("DOTNET_ROOT");
        if (dotnetRoot is not null)
        {
            info.Environment["DOTNET_ROOT"] = dotnetRoot;
        }

        using Process process = Process.Start(info)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{path} did not finish in a minute:\n{output}");
        }

        return (process.ExitCode, output.ReplaceLineEndings("\n"), error.Result);
    }
}
