using System.Globalization;
using System.Text.Json.Nodes;
using GroupReduce.Testing.Models;

namespace GroupReduce.Cli.Tests;

/// <summary><c>inspect</c> and <c>compress --depfile</c> on a sharded Hugging Face checkpoint (its folder).</summary>
public sealed class ShardedCheckpointCliTests
{
    private const string Spec = """
        version: 1
        matrices: [{ tensor: model.embed_tokens.weight, tied: [lm_head.weight] }]
        frequencies: { source: counts, path: shard-counts.tsv, vocabulary: shard-vocab.txt }
        budget: { rate: 4x }
        groups: 4
        """;

    [Fact]
    public void Inspect_names_the_shards_and_which_tensor_is_in_which()
    {
        using var cli = new CliRun();
        ShardedCheckpoint checkpoint = Write(cli);

        Assert.True(cli.Run("inspect", cli["ckpt"]) == 0, cli.Error);

        Assert.Contains("sharded checkpoint: 3 shard(s)", cli.Output, StringComparison.Ordinal);
        Assert.Contains($"{checkpoint.ShardName(2)}: 2 tensor(s)", cli.Output, StringComparison.Ordinal);
        string row = Assert.Single(cli.Output.Split('\n'), line => line.Contains("model.layers.0.mlp.weight", StringComparison.Ordinal));
        Assert.Contains(checkpoint.ShardName(1), row, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_names_an_embedding_copied_into_another_shard_as_tied_in_the_table_and_the_json()
    {
        using var cli = new CliRun();
        ShardedCheckpoint checkpoint = Write(cli);

        Assert.True(cli.Run("inspect", cli["ckpt"]) == 0, cli.Error);
        Assert.Contains("tied matrices", cli.Output, StringComparison.Ordinal);
        Assert.Contains("  model.embed_tokens.weight = lm_head.weight", cli.Output, StringComparison.Ordinal);

        Assert.True(cli.Run("inspect", cli["ckpt"], "--json") == 0, cli.Error);
        JsonNode json = JsonNode.Parse(cli.Output)!;
        Assert.Equal("safetensors", (string)json["format"]!);
        Assert.Equal(Path.Combine(cli["ckpt"], ShardedCheckpoint.IndexName), (string)json["file"]!);
        JsonArray shards = json["shards"]!.AsArray();
        Assert.Equal([checkpoint.ShardName(0), checkpoint.ShardName(1), checkpoint.ShardName(2)], shards.Select(s => (string)s!["file"]!));
        Assert.Equal(2, (int)shards[2]!["tensors"]!);
        Assert.Equal(new FileInfo(Path.Combine(cli["ckpt"], checkpoint.ShardName(2))).Length, (long)shards[2]!["bytes"]!);
        JsonNode head = json["tensors"]!.AsArray().Single(t => (string)t!["name"]! == "lm_head.weight")!;
        Assert.Equal([120L, 8L], head["shape"]!.AsArray().Select(d => (long)d!));
        Assert.Equal("F32", (string)head["dtype"]!);
        Assert.Equal(checkpoint.ShardName(2), (string)head["shard"]!);
        Assert.Equal(["model.embed_tokens.weight", "lm_head.weight"], json["tied"]!.AsArray().Single()!.AsArray().Select(n => (string)n!));
        Assert.Equal(0, (int)json["tensors_left_out"]!);
    }

    [Fact]
    public void Inspect_names_the_tokenizer_beside_the_checkpoint_and_the_padding_rows_of_each_vocabulary_matrix()
    {
        using var cli = new CliRun();
        Write(cli);
        var vocabulary = Enumerable.Range(0, 118).ToDictionary(i => $"w{i}", i => i);
        File.WriteAllText(Path.Combine(cli["ckpt"], "tokenizer.json"), System.Text.Json.JsonSerializer.Serialize(new { model = new { type = "WordLevel", vocab = vocabulary } }));

        Assert.True(cli.Run("inspect", cli["ckpt"]) == 0, cli.Error);
        Assert.Contains("tokenizer: WordLevel tokenizer.json, 118 tokens (beside the model)", cli.Output, StringComparison.Ordinal);
        Assert.Contains("  model.embed_tokens.weight: 120 rows, 2 past the tokenizer's 118 tokens", cli.Output, StringComparison.Ordinal);
        Assert.Contains("  lm_head.weight: 120 rows, 2 past", cli.Output, StringComparison.Ordinal);

        Assert.True(cli.Run("inspect", cli["ckpt"], "--json") == 0, cli.Error);
        JsonNode tokenizer = JsonNode.Parse(cli.Output)!["tokenizer"]!;
        Assert.Equal("WordLevel", (string)tokenizer["kind"]!);
        Assert.Equal(118, (int)tokenizer["size"]!);
        Assert.Equal(["model.embed_tokens.weight", "lm_head.weight"], tokenizer["padded"]!.AsArray().Select(p => (string)p!["tensor"]!));

        File.WriteAllText(Path.Combine(cli["ckpt"], "tokenizer.json"), "{ broken");
        Assert.True(cli.Run("inspect", cli["ckpt"]) == 0, cli.Error);
        Assert.Contains("tokenizer: tokenizer.json (beside the model) cannot be read", cli.Output, StringComparison.Ordinal);
        Assert.Contains("GR2121", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_depfile_of_a_folder_run_lists_the_index_and_every_shard()
    {
        using var cli = new CliRun();
        ShardedCheckpoint checkpoint = Write(cli);
        File.WriteAllText(cli["shards.yaml"], Spec);

        Assert.True(cli.Run("compress", cli["ckpt"], "-s", cli["shards.yaml"], "-o", cli["ckpt.gr.safetensors"], "--depfile", cli["ckpt.deps"], "--quiet") == 0, cli.Error);

        string[] lines = File.ReadAllLines(cli["ckpt.deps"]);
        Assert.Equal(Path.Combine(cli["ckpt"], ShardedCheckpoint.IndexName), lines[1]);
        for (int i = 0; i < 3; i++)
        {
            Assert.Contains(Path.Combine(cli["ckpt"], checkpoint.ShardName(i)), lines);
        }
    }

    [Fact]
    public void Without_o_a_folder_compresses_beside_it_and_an_index_to_model_gr_safetensors()
    {
        using var cli = new CliRun();
        Write(cli);
        File.WriteAllText(cli["shards.yaml"], Spec);

        Assert.True(cli.Run("compress", cli["ckpt"] + Path.DirectorySeparatorChar, "-s", cli["shards.yaml"], "--quiet") == 0, cli.Error);
        Assert.True(cli.Run("compress", Path.Combine(cli["ckpt"], ShardedCheckpoint.IndexName), "-s", cli["shards.yaml"], "--quiet") == 0, cli.Error);

        Assert.True(File.Exists(cli["ckpt.gr.safetensors"]));
        Assert.True(File.Exists(Path.Combine(cli["ckpt"], "model.gr.safetensors")));
    }

    private static ShardedCheckpoint Write(CliRun cli)
    {
        SyntheticModel model = SyntheticModel.Create(rows: 120, columns: 8);
        ShardedCheckpoint checkpoint = ShardedCheckpoint.Tied(model);
        checkpoint.Write(cli["ckpt"]);
        File.WriteAllLines(cli["shard-vocab.txt"], model.Tokens);
        File.WriteAllLines(cli["shard-counts.tsv"], model.Tokens.Select((t, i) => $"{t}\t{model.Counts[i].ToString(CultureInfo.InvariantCulture)}"));
        return checkpoint;
    }
}
