using GroupReduce.Core.Models;
using GroupReduce.Runtime;

namespace GroupReduce.Cli.Tests;

public sealed class ExportCommandTests
{
    [Fact]
    public void Export_writes_the_dense_model_under_the_original_names_as_the_runtime_decodes_it()
    {
        using var cli = new CliRun();
        Compress(cli);

        Assert.Equal(0, cli.Run("export", cli["a.gr.safetensors"], "-o", cli["dense.safetensors"]));

        Assert.Contains("dense.safetensors: safetensors, 5 tensor(s), 2 rebuilt from compressed matrices (decoder.weight, encoder.weight)", cli.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, cli.Error);
        using ModelFile dense = ModelFileReader.Open(cli["dense.safetensors"]);
        using CompressedModel artifact = CompressedModel.Open(cli["a.gr.safetensors"]);
        Assert.Equal(["decoder.bias", "decoder.weight", "encoder.weight", "rnn.weight_hh", "rnn.weight_ih"], dense.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        ModelTensor encoder = dense.FindTensor("encoder.weight")!;
        Assert.Equal([2000L, 64L], encoder.Shape);
        var rows = encoder.AsMatrix();
        var expected = new float[64];
        var actual = new float[64];
        foreach (int row in new[] { 0, 1, 999, 1999 })
        {
            artifact.GetMatrix("encoder.weight").GetRow(row, expected);
            rows.CopyRows(row, 1, actual);
            Assert.Equal(expected, actual);
        }

        Assert.Equal(0, cli.Run("inspect", cli["dense.safetensors"]));
        Assert.DoesNotContain("GroupReduce artifact", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_writes_onnx_by_extension_and_npy_by_format()
    {
        using var cli = new CliRun();
        Compress(cli);

        Assert.Equal(0, cli.Run("export", cli["a.gr.safetensors"], "-o", cli["dense.onnx"]));
        Assert.Equal(0, cli.Run("export", cli["a.gr.safetensors"], "--format", "npy", "-o", cli["dense"]));

        using (ModelFile onnx = ModelFileReader.Open(cli["dense.onnx"]))
        {
            Assert.Equal(ModelFormat.Onnx, onnx.Format);
            Assert.Equal(5, onnx.Tensors.Count);
        }

        Assert.Contains("dense: npy, 5 tensor(s)", cli.Output, StringComparison.Ordinal);
        Assert.Equal(["decoder.bias.npy", "decoder.weight.npy", "encoder.weight.npy", "index.json", "rnn.weight_hh.npy", "rnn.weight_ih.npy"], Directory.GetFiles(cli["dense"]).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Export_to_a_name_without_a_known_extension_is_GR2070_asking_for_format_and_writes_nothing()
    {
        using var cli = new CliRun();
        Compress(cli);

        Assert.Equal(1, cli.Run("export", cli["a.gr.safetensors"], "-o", cli["dense.bin"]));

        Assert.Contains("error GR2070", cli.Error, StringComparison.Ordinal);
        Assert.Contains("--format", cli.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli["dense.bin"]));
    }

    [Fact]
    public void Export_to_gguf_of_an_artifact_made_from_safetensors_is_GR2073_and_writes_nothing()
    {
        using var cli = new CliRun();
        Compress(cli);

        Assert.Equal(1, cli.Run("export", cli["a.gr.safetensors"], "--format", "gguf", "-o", cli["dense.gguf"]));

        Assert.Contains("error GR2073", cli.Error, StringComparison.Ordinal);
        Assert.Contains("--format safetensors", cli.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli["dense.gguf"]));
    }

    [Fact]
    public void Export_of_a_model_that_is_not_an_artifact_is_GR2041_naming_the_file()
    {
        using var cli = new CliRun();

        Assert.Equal(1, cli.Run("export", cli["lm.safetensors"], "-o", cli["dense.safetensors"]));

        Assert.Contains("error GR2041", cli.Error, StringComparison.Ordinal);
        Assert.Contains("lm.safetensors", cli.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli["dense.safetensors"]));
    }

    [Theory]
    [InlineData("--format", "pickle")]
    [InlineData("--verbose")]
    public void Export_without_an_output_or_with_an_unknown_format_is_a_usage_error(params string[] extra)
    {
        using var cli = new CliRun();

        Assert.Equal(1, cli.Run(["export", cli["lm.safetensors"], .. extra]));

        Assert.Contains("error GR1231", cli.Error, StringComparison.Ordinal);
    }

    private static void Compress(CliRun cli)
    {
        string spec = File.ReadAllText(cli["groupreduce.yaml"]).Replace("quantizer: float", "quantizer: int8", StringComparison.Ordinal).Replace("baselines: [svd, weighted-svd, prune]", string.Empty, StringComparison.Ordinal);
        File.WriteAllText(cli["groupreduce.yaml"], spec);
        Assert.Equal(0, cli.Run("compress", cli["lm.safetensors"], "--spec", cli["groupreduce.yaml"], "-o", cli["a.gr.safetensors"], "--quiet"));
    }
}
