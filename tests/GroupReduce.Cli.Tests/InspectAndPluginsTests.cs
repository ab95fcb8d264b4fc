namespace GroupReduce.Cli.Tests;

public sealed class InspectAndPluginsTests
{
    [Fact]
    public void Inspect_shows_a_model_files_tensors()
    {
        using var cli = new CliRun();

        Assert.Equal(0, cli.Run("inspect", cli["lm.safetensors"]));

        Assert.Contains("safetensors", cli.Output, StringComparison.Ordinal);
        Assert.Contains("encoder.weight", cli.Output, StringComparison.Ordinal);
        Assert.Contains("[2000, 64]", cli.Output, StringComparison.Ordinal);
        Assert.Contains("512,000", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_shows_an_artifacts_groups_ranks_encoding_rate_and_spec()
    {
        using var cli = new CliRun();
        File.AppendAllText(cli["groupreduce.yaml"], "\n# int8 for this test\n");
        string spec = File.ReadAllText(cli["groupreduce.yaml"]).Replace("quantizer: float", "quantizer: int8", StringComparison.Ordinal);
        File.WriteAllText(cli["groupreduce.yaml"], spec);
        Assert.Equal(0, cli.Run("compress", cli["lm.safetensors"], "--spec", cli["groupreduce.yaml"], "-o", cli["a.gr.safetensors"], "--quiet"));

        Assert.Equal(0, cli.Run("inspect", cli["a.gr.safetensors"]));

        Assert.Contains("GroupReduce artifact, format 1", cli.Output, StringComparison.Ordinal);
        Assert.Contains("method: groupreduce", cli.Output, StringComparison.Ordinal);
        Assert.Contains("int8", cli.Output, StringComparison.Ordinal);
        Assert.Contains("lowrank", cli.Output, StringComparison.Ordinal);
        Assert.Contains("x)", cli.Output, StringComparison.Ordinal);
        Assert.Contains("quantizer: int8", cli.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("problem:", cli.Output, StringComparison.Ordinal);
        Assert.Equal(0, cli.Run("inspect", cli["a.gr.safetensors"], "--json"));
        Assert.Contains("\"compressed_bytes\"", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_lists_the_vocabulary_matrices_an_onnx_graph_shows()
    {
        using var cli = new CliRun();
        float[] weights = [.. Enumerable.Range(0, 12).Select(i => (float)i)];
        new GroupReduce.Testing.Models.OnnxBytes()
            .Float("embedding.weight", [6, 2], weights)
            .Float("decoder.weight", [6, 2], weights)
            .Input("ids").Output("logits")
            .Node("Gather", ["embedding.weight", "ids"], ["hidden"])
            .Node("Transpose", ["decoder.weight"], ["decoder.weight.T"])
            .Node("MatMul", ["hidden", "decoder.weight.T"], ["logits"])
            .Write(cli["lm.bin"]);

        Assert.Equal(0, cli.Run("inspect", cli["lm.bin"]));

        Assert.Contains("onnx", cli.Output, StringComparison.Ordinal);
        Assert.Contains("vocabulary matrices found in the graph:", cli.Output, StringComparison.Ordinal);
        Assert.Contains("embedding.weight [6, 2]: embedding", cli.Output, StringComparison.Ordinal);
        Assert.Contains("decoder.weight [6, 2]: logits weight", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_of_an_unknown_file_is_a_clear_error()
    {
        using var cli = new CliRun();
        File.WriteAllText(cli["notes.bin"], "hello");

        Assert.Equal(1, cli.Run("inspect", cli["notes.bin"]));
        Assert.Contains("error GR2001", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Plugins_list_shows_every_component_and_why_candidates_were_refused()
    {
        using var cli = new CliRun();

        Assert.Equal(0, cli.Run("plugins", "list", "--path", Path.Combine(AppContext.BaseDirectory, "testplugins")));

        foreach (string name in new[] { "frequency", "cpu", "ilgpu", "float", "int8", "int4", "codebook" })
        {
            Assert.Contains(name, cli.Output, StringComparison.Ordinal);
        }

        Assert.Contains("refused:", cli.Output, StringComparison.Ordinal);
        Assert.Contains("GR3002", cli.Output, StringComparison.Ordinal);
    }
}
