using System.Diagnostics;

// Usage: dotnet run --project bench/GroupReduce.Bench.Build [-- <runs>]
// Packs GroupReduce.Build into a temporary feed, makes two throw-away console apps (with and without
// <GroupReduceModel Include="lm.bin" />), builds each once, then times <runs> no-op `dotnet build`s of each, interleaved
// so machine noise hits both alike, and prints the medians and their difference.
int runs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
string repo = FindRepoRoot();
string root = Path.Combine(Path.GetTempPath(), "groupreduce-bench-build-" + Guid.NewGuid().ToString("N")[..8]);
string feed = Path.Combine(root, "feed");
string packages = Path.Combine(root, "packages");
string version = $"0.1.0-bench.{DateTime.UtcNow:yyyyMMddHHmmss}";
string tiny = Path.Combine(AppContext.BaseDirectory, "tiny-lm");

Console.WriteLine($"packing GroupReduce.Build {version} ...");
// Debug reuses what a `dotnet build` of the repo made; a no-op build never starts the engine, so its configuration is moot.
Run(repo, "pack", Path.Combine(repo, "src", "GroupReduce.Build", "GroupReduce.Build.csproj"), "-c", "Debug", "-o", feed, $"-p:GroupReducePackageVersion={version}", "-v:q");

string with = MakeProject("with", "<GroupReduceModel Include=\"lm.bin\" />");
string without = MakeProject("without", string.Empty);
Console.WriteLine("first builds (restore + compile + compress) ...");
Run(with, "build", "-v:q");
Run(without, "build", "-v:q");

var timesWith = new List<double>();
var timesWithout = new List<double>();
for (int i = 0; i < runs; i++)
{
    timesWithout.Add(Run(without, "build", "--no-restore", "-v:q"));
    timesWith.Add(Run(with, "build", "--no-restore", "-v:q"));
    Console.WriteLine($"run {i + 1}/{runs}: without {timesWithout[^1]:F2} s, with {timesWith[^1]:F2} s");
}

double medianWith = Median(timesWith);
double medianWithout = Median(timesWithout);
Console.WriteLine($"no-op build median without the item: {medianWithout:F2} s");
Console.WriteLine($"no-op build median with the item:    {medianWith:F2} s");
Console.WriteLine($"overhead: {medianWith - medianWithout:+0.00;-0.00} s (goal: at most 1 s)");
Directory.Delete(root, recursive: true);
return 0;

string MakeProject(string name, string item)
{
    string dir = Path.Combine(root, name);
    Directory.CreateDirectory(dir);
    File.Copy(Path.Combine(tiny, "lm.safetensors"), Path.Combine(dir, "lm.bin"));
    foreach (string file in new[] { "groupreduce.yaml", "counts.tsv", "vocab.txt" })
    {
        File.Copy(Path.Combine(tiny, file), Path.Combine(dir, file));
    }

    File.WriteAllText(Path.Combine(dir, "Program.cs"), "System.Console.WriteLine(\"hello\");\n");
    File.WriteAllText(Path.Combine(dir, name + ".csproj"), $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
          <ItemGroup>
            <PackageReference Include="GroupReduce.Build" Version="{version}" PrivateAssets="all" />
            {item}
          </ItemGroup>
        </Project>
        """);
    File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources><add key="groupreduce-bench-feed" value="{feed}" /></packageSources>
          <packageSourceMapping>
            <packageSource key="groupreduce-bench-feed"><package pattern="GroupReduce.*" /></packageSource>
            <packageSource key="nuget.org"><package pattern="*" /></packageSource>
          </packageSourceMapping>
        </configuration>
        """);
    return dir;
}

double Run(string directory, params string[] arguments)
{
    var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (string argument in arguments)
    {
        info.ArgumentList.Add(argument);
    }

    info.Environment["NUGET_PACKAGES"] = packages;
    info.Environment["DOTNET_NOLOGO"] = "1";
    var clock = Stopwatch.StartNew();
    using Process process = Process.Start(info)!;
    string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed in {directory}:\n{output}");
    }

    return clock.Elapsed.TotalSeconds;
}

static double Median(List<double> values)
{
    List<double> sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static string FindRepoRoot()
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
