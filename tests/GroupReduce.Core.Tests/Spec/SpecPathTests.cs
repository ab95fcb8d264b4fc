using GroupReduce.Abstractions;
using GroupReduce.Core.Spec;
using static GroupReduce.Core.Tests.Spec.SpecText;

namespace GroupReduce.Core.Tests.Spec;

/// <summary>Loading from disk and resolving the spec's paths against its folder.</summary>
public sealed class SpecPathTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gr-spec-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Load_resolves_relative_paths_against_the_specs_folder()
    {
        string specFolder = Path.Combine(_folder, "project", "config");
        Directory.CreateDirectory(specFolder);
        string specPath = Path.Combine(specFolder, "groupreduce.yaml");
        File.WriteAllText(specPath, Lines(
            "version: 1",
            "model: ../models/lm.safetensors",
            "matrices: [emb]",
            "frequencies:",
            "  path: counts.tsv",
            "  vocabulary: ./data/../vocab.txt",
            "budget: { rate: 4x }",
            "plugins: { paths: [plugins, ../../shared-plugins, " + Path.Combine(_folder, "abs") + "] }",
            "output: { path: out/lm.gr.safetensors }"));

        CompressionSpec spec = SpecLoader.Load(specPath);

        Assert.Equal(specPath, spec.SourcePath);
        Assert.Equal(specFolder, spec.BaseDirectory);
        Assert.Equal(Path.Combine(_folder, "project", "models", "lm.safetensors"), spec.Model?.Value);
        Assert.Equal(new SourceLocation(specPath, 2, 8), spec.Model?.Location);
        Assert.Equal(Path.Combine(specFolder, "counts.tsv"), spec.Frequencies.Path?.Value);
        Assert.Equal(Path.Combine(specFolder, "vocab.txt"), spec.Frequencies.Vocabulary?.Value);
        Assert.Equal(
            [Path.Combine(specFolder, "plugins"), Path.Combine(_folder, "shared-plugins"), Path.Combine(_folder, "abs")],
            spec.PluginPaths.Select(path => path.Value));
        Assert.Equal(Path.Combine(specFolder, "out", "lm.gr.safetensors"), spec.Output.Path?.Value);
    }

    [Fact]
    public void Load_keeps_the_path_as_given_in_locations()
    {
        string specPath = Path.Combine(_folder, "groupreduce.yaml");
        File.WriteAllText(specPath, MinimalWith("grups: 3"));

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => SpecLoader.Load(specPath));

        Assert.Equal(new SourceLocation(specPath, 5, 1), error.Location);
        Assert.StartsWith($"{specPath}(5,1): error GR1004: unknown key 'grups'", error.ToDiagnosticString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_reads_a_UTF8_byte_order_mark()
    {
        string specPath = Path.Combine(_folder, "groupreduce.yaml");
        File.WriteAllText(specPath, MinimalWith("groups: 7"), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal(new SpecValue<int>(7, new SourceLocation(specPath, 5, 9)), SpecLoader.Load(specPath).Groups);
    }

    [Fact]
    public void Missing_spec_file_is_an_error()
    {
        string specPath = Path.Combine(_folder, "nope", "groupreduce.yaml");

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => SpecLoader.Load(specPath));

        Assert.Equal((SpecErrorCodes.SpecFileUnreadable, SourceLocation.OfFile(specPath)), (error.Code, error.Location));
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_is_not_a_spec_file()
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => SpecLoader.Load(_folder));

        Assert.Equal(SpecErrorCodes.SpecFileUnreadable, error.Code);
        Assert.Contains("cannot be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_spec_path_is_taken_from_the_current_directory()
    {
        CompressionSpec spec = SpecLoader.Parse(MinimalWith("model: lm.bin"), "groupreduce.yaml");

        Assert.Equal(Environment.CurrentDirectory, spec.BaseDirectory);
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "lm.bin"), spec.Model?.Value);
        Assert.Equal(new SourceLocation("groupreduce.yaml", 5, 8), spec.Model?.Location);
    }
}
