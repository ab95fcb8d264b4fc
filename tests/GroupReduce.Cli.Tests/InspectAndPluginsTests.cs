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

        // The two initializers hold the same bytes: tied by value, so one compressed matrix can stand for both.
        Assert.Contains("  embedding.weight = decoder.weight", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_counts_a_ggufs_tensors_per_ggml_type_and_names_identical_vocabulary_matrices_in_table_and_json()
    {
        using var cli = new CliRun();
        byte[] embedding = [.. Enumerable.Range(0, 4 * 8 * 4).Select(i => (byte)(i * 7))];
        byte[] other = [.. embedding.Select(b => (byte)(b + 1))];
        File.WriteAllBytes(cli["m.gguf"], new GroupReduce.Testing.Models.GgufBytes()
            .StringArray("tokenizer.ggml.tokens", "a", "b", "c", "d")
            .Tensor("token_embd.weight", [8, 4], 0, embedding)
            .Tensor("output.weight", [8, 4], 0, (byte[])embedding.Clone())
            .Tensor("extra.weight", [8, 4], 0, other)
            .Tensor("blk.0.attn_q.weight", [256, 2], 12, new byte[2 * 144])
            .Tensor("blk.0.ffn_up.weight", [32, 2], 8, new byte[2 * 34])
            .Tensor("blk.0.ffn_down.weight", [32, 1], 8, new byte[34])
            .Build());

        Assert.True(cli.Run("inspect", cli["m.gguf"]) == 0, cli.Error);

        Assert.Contains("tensor types: F32 3, Q4_K 1, Q8_0 2", cli.Output, StringComparison.Ordinal);
        Assert.Contains("  token_embd.weight = output.weight\n", cli.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("extra.weight =", cli.Output, StringComparison.Ordinal);

        Assert.True(cli.Run("inspect", cli["m.gguf"], "--json") == 0, cli.Error);
        System.Text.Json.Nodes.JsonNode json = System.Text.Json.Nodes.JsonNode.Parse(cli.Output)!;
        Assert.Equal("gguf", (string)json["format"]!);
        Assert.Equal(4, (int)json["vocabulary_size"]!);
        Assert.Equal(6, (int)json["tensor_count"]!);
        Assert.Equal(3, (int)json["tensor_types"]!["F32"]!);
        Assert.Equal(1, (int)json["tensor_types"]!["Q4_K"]!);
        Assert.Equal(2, (int)json["tensor_types"]!["Q8_0"]!);
        Assert.Empty(json["shards"]!.AsArray());
        Assert.Equal(["token_embd.weight", "output.weight"], json["tied"]!.AsArray().Single()!.AsArray().Select(n => (string)n!));
        System.Text.Json.Nodes.JsonNode q = json["tensors"]!.AsArray().Single(t => (string)t!["name"]! == "blk.0.attn_q.weight")!;
        Assert.Equal("Q4_K", (string)q["dtype"]!);
        Assert.Equal([2L, 256L], q["shape"]!.AsArray().Select(d => (long)d!));
        Assert.Equal(288, (long)q["bytes"]!);
        Assert.Null(q["shard"]);
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
