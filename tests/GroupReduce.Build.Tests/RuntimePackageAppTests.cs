using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using GroupReduce.Runtime;
using NextWord;
using Xunit.Abstractions;

namespace GroupReduce.Build.Tests;

/// <summary>
/// Apps as a developer writes them, from the packed packages only (GroupReduce.Build compresses the model at build
/// time, GroupReduce.Runtime reads it): one on .NET 8, one on .NET 10, each built, run and published, and their
/// output checked against the same computation done here with GroupReduce.Runtime on the artifact they built.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed partial class RuntimePackageAppTests(PackageFixture package, ITestOutputHelper log)
{
    private const string Context = "the president of the";

    /// <summary>
    /// The NextWord sample's code (samples/NextWord, copied as it is) in an app on net8.0 with PublishAot=true. No .NET 8
    /// runtime need be installed: the build is self-contained (so the run is on the real .NET 8 runtime, not a newer
    /// one rolled forward to) and the publish is native. This is the suite's one NativeAOT publish: it proves the
    /// sample, the package's net8.0 assembly and the Build package on a .NET 8 app at once (docs/packages.md).
    /// </summary>
    [Fact]
    public void NextWord_on_net8_from_the_packages_builds_runs_on_dotnet_8_and_publishes_native()
    {
        Assert.True(NativeToolchain.Problem() is null, NativeToolchain.Problem());
        var app = new FeedApp(package, "NextWord");
        string sample = Path.Combine(package.RepoRoot, "samples", "NextWord");
        foreach (string name in new[] { "Program.cs", "NextWordPredictor.cs", "WordPrediction.cs" })
        {
            app.Copy(Path.Combine(sample, name));
        }

        // The sample's spec, with the counts beside it instead of in ../brown-lm.
        app.Write("groupreduce.yaml", File.ReadAllText(Path.Combine(sample, "groupreduce.yaml")).Replace("../brown-lm/counts.tsv", "counts.tsv", StringComparison.Ordinal));
        string brown = Path.Combine(AppContext.BaseDirectory, "brown-lm");
        app.Copy(Path.Combine(brown, "lm.safetensors"));
        app.Copy(Path.Combine(brown, "counts.tsv"));
        app.WriteProject("net8.0", "<PublishAot>true</PublishAot>",
            """<GroupReduceModel Include="lm.safetensors" Spec="groupreduce.yaml" OutputName="lm.gr.safetensors" />""");

        DotnetRun build = Timed("net8.0 self-contained build", () => app.Dotnet(TimeSpan.FromMinutes(8), "build", "-r", "linux-x64", "--self-contained"));
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("lib/net8.0/GroupReduce.Runtime.dll", File.ReadAllText(Path.Combine(app.Directory, "obj", "project.assets.json")), StringComparison.Ordinal);

        string bin = Path.Combine("bin", "Debug", "net8.0", "linux-x64");
        string runtimeVersion = IncludedRuntimeVersion(Path.Combine(app.Directory, bin, "NextWord.runtimeconfig.json"));
        Assert.StartsWith("8.0.", runtimeVersion, StringComparison.Ordinal);
        string expectedRate;
        IReadOnlyList<WordPrediction> expected;
        using (CompressedModel model = CompressedModel.Open(Path.Combine(app.Directory, bin, "lm.gr.safetensors")))
        {
            expected = NextWordPredictor.Open(model).Predict(Context, 10);
            expectedRate = string.Create(CultureInfo.InvariantCulture, $"({model.CompressionRate:0.0}x, method {model.Method})");
        }

        var jit = app.Execute(Path.Combine(bin, "NextWord"), Context);
        Assert.True(jit.ExitCode == 0, jit.Output + jit.Error);
        AssertPredictions(expected, expectedRate, jit.Output);

        DotnetRun publish = Timed("net8.0 NativeAOT publish", () => app.Dotnet(TimeSpan.FromMinutes(8), "publish", "-r", "linux-x64", "-o", "publish"));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        string native = Path.Combine(app.Directory, "publish", "NextWord");
        Assert.True(File.Exists(Path.Combine(app.Directory, "publish", "lm.gr.safetensors")), "the artifact did not flow to the publish folder");
        Assert.False(File.Exists(Path.Combine(app.Directory, "publish", "GroupReduce.Runtime.dll")), "a NativeAOT publish compiles the runtime into the executable");
        log.WriteLine($"native NextWord: {new FileInfo(native).Length / 1048576.0:0.0} MiB");

        var aot = app.Execute(Path.Combine("publish", "NextWord"), Context);
        Assert.True(aot.ExitCode == 0, aot.Output + aot.Error);
        AssertPredictions(expected, expectedRate, aot.Output);
    }

    /// <summary>
    /// A fresh net10.0 console app with the tiny model compressed at build time: built, run with <c>dotnet run</c>, published
    /// (framework-dependent, Release) and run from the publish folder, printing the same top words as this process computes.
    /// </summary>
    [Fact]
    public void A_net10_app_from_the_packages_builds_runs_and_publishes()
    {
        var app = new FeedApp(package, "TinyApp");
        foreach (string name in new[] { "groupreduce.yaml", "counts.tsv", "vocab.txt" })
        {
            app.Copy(Path.Combine(package.TinyModel, name));
        }

        app.Copy(Path.Combine(package.TinyModel, "lm.safetensors"));
        // The tiny model is a bare safetensors file: its tokens are vocab.txt (the spec's frequencies.vocabulary), which the
        // app ships beside the artifact.
        app.WriteProject("net10.0", "", """
            <GroupReduceModel Include="lm.safetensors" OutputName="lm.gr.safetensors" />
            <None Update="vocab.txt" CopyToOutputDirectory="PreserveNewest" />
            """);
        app.Write("Program.cs", TinyProgram);

        DotnetRun build = Timed("net10.0 build", () => app.Dotnet(TimeSpan.FromMinutes(4), "build"));
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("lib/net10.0/GroupReduce.Runtime.dll", File.ReadAllText(Path.Combine(app.Directory, "obj", "project.assets.json")), StringComparison.Ordinal);
        string[] vocabulary = File.ReadAllLines(Path.Combine(package.TinyModel, "vocab.txt"));
        string word = vocabulary[7];
        string expected = TinyExpected(Path.Combine(app.Directory, "bin", "Debug", "net10.0", "lm.gr.safetensors"), vocabulary, word);

        DotnetRun run = app.Dotnet(TimeSpan.FromMinutes(2), "run", "--no-build", "--", word);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(expected, run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        DotnetRun publish = Timed("net10.0 publish", () => app.Dotnet(TimeSpan.FromMinutes(4), "publish", "-c", "Release", "-o", "publish"));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        DotnetRun published = app.Dotnet(TimeSpan.FromMinutes(2), Path.Combine("publish", "TinyApp.dll"), word);
        Assert.True(published.ExitCode == 0, published.ToString());
        Assert.Equal(expected, published.Output.ReplaceLineEndings("\n").Trim() + "\n");
    }

    /// <summary>The package carries both builds, each with its own System.Numerics.Tensors (11 has no net8.0 build).</summary>
    [Fact]
    public void The_runtime_package_has_a_net8_and_a_net10_build_with_their_dependencies()
    {
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(package.ShippedPackages, $"GroupReduce.Runtime.{package.Version}.nupkg"));
        string[] assemblies = [.. zip.Entries.Select(e => e.FullName).Where(n => n.EndsWith(".dll", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        Assert.Equal(["lib/net10.0/GroupReduce.Runtime.dll", "lib/net8.0/GroupReduce.Runtime.dll"], assemblies);

        ZipArchiveEntry nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var reader = new StreamReader(nuspec.Open());
        var document = System.Xml.Linq.XDocument.Parse(reader.ReadToEnd());
        Dictionary<string, string> tensors = document.Descendants().Where(e => e.Name.LocalName == "group")
            .ToDictionary(g => (string)g.Attribute("targetFramework")!, g => g.Elements().Single(d => (string?)d.Attribute("id") == "System.Numerics.Tensors").Attribute("version")!.Value);
        Assert.Equal(["net10.0", "net8.0"], tensors.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("10.", tensors["net8.0"], StringComparison.Ordinal);
        log.WriteLine($"GroupReduce.Runtime package: {new FileInfo(Path.Combine(package.ShippedPackages, $"GroupReduce.Runtime.{package.Version}.nupkg")).Length / 1024.0:0} KB");
    }

    // What the net10.0 app runs: the word's compressed embedding as the hidden state, through the compressed softmax.
    private const string TinyProgram = """
        using System.Globalization;
        using GroupReduce.Runtime;

        using CompressedModel model = CompressedModel.Open(Path.Combine(AppContext.BaseDirectory, "lm.gr.safetensors"));
        LanguageModelHead head = model.Head(embedding: "encoder.weight", softmax: "decoder.weight", bias: "decoder.bias");
        string[] vocabulary = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "vocab.txt"));
        int id = args.Length == 1 ? Array.IndexOf(vocabulary, args[0]) : -1;
        if (id < 0)
        {
            Console.Error.WriteLine("usage: TinyApp WORD (a word of the model's vocabulary)");
            return 1;
        }

        float[] hidden = new float[head.EmbeddingWidth];
        head.Embed(id, hidden);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model.Method} {model.CompressionRate:0.00}x, {head.VocabularySize} words"));
        foreach (TokenPrediction prediction in head.TopK(hidden, 3))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{vocabulary[prediction.Id]} {prediction.LogProbability:0.0000}"));
        }

        return 0;
        """;

    // TinyProgram's output, computed here.
    private static string TinyExpected(string artifact, string[] vocabulary, string word)
    {
        using CompressedModel model = CompressedModel.Open(artifact);
        LanguageModelHead head = model.Head(embedding: "encoder.weight", softmax: "decoder.weight", bias: "decoder.bias");
        int id = Array.IndexOf(vocabulary, word);
        Assert.True(id >= 0);
        float[] hidden = new float[head.EmbeddingWidth];
        head.Embed(id, hidden);
        string text = string.Create(CultureInfo.InvariantCulture, $"{model.Method} {model.CompressionRate:0.00}x, {head.VocabularySize} words\n");
        foreach (TokenPrediction prediction in head.TopK(hidden, 3))
        {
            text += string.Create(CultureInfo.InvariantCulture, $"{vocabulary[prediction.Id]} {prediction.LogProbability:0.0000}\n");
        }

        Assert.StartsWith("groupreduce 6.", text, StringComparison.Ordinal);
        return text;
    }

    // The app's ranked lines against this process's predictions: the same words (the .NET 8 build's kernels may round
    // differently from this process's .NET 10 ones, so near-ties may swap), the same three best in order, and each
    // probability within the printed precision.
    private static void AssertPredictions(IReadOnlyList<WordPrediction> expected, string expectedRate, string output)
    {
        Assert.StartsWith($"after \"{Context}\":\n", output, StringComparison.Ordinal);
        Dictionary<string, double> printed = PredictionLine().Matches(output).ToDictionary(m => m.Groups["word"].Value, m => double.Parse(m.Groups["percent"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(expected.Select(p => p.Word).Order(), printed.Keys.Order());
        Assert.Equal(expected.Take(3).Select(p => p.Word), PredictionLine().Matches(output).Take(3).Select(m => m.Groups["word"].Value));
        Assert.Contains("united", expected.Take(3).Select(p => p.Word));
        Assert.All(expected, p => Assert.InRange(printed[p.Word], (p.Probability * 100) - 0.011, (p.Probability * 100) + 0.011));
        Assert.Contains(expectedRate, output, StringComparison.Ordinal);
        Assert.Contains("model shipped: ", output, StringComparison.Ordinal);
    }

    private static string IncludedRuntimeVersion(string runtimeConfig)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(runtimeConfig));
        JsonElement framework = document.RootElement.GetProperty("runtimeOptions").GetProperty("includedFrameworks")
            .EnumerateArray().Single(f => f.GetProperty("name").GetString() == "Microsoft.NETCore.App");
        return framework.GetProperty("version").GetString()!;
    }

    private DotnetRun Timed(string what, Func<DotnetRun> action)
    {
        var clock = Stopwatch.StartNew();
        DotnetRun result = action();
        log.WriteLine($"{what}: {clock.Elapsed.TotalSeconds:0} s");
        return result;
    }

    [GeneratedRegex(@"^\s*\d+\. (?<word>\S+)\s+(?<percent>[0-9.]+) %$", RegexOptions.Multiline)]
    private static partial Regex PredictionLine();
}
