using System.Text.Json;
using GroupReduce.Testing.Models;

namespace GroupReduce.Build.Tests;

/// <summary>
/// <c>&lt;GroupReduceModel Include="ckpt" /&gt;</c>: a Hugging Face checkpoint folder (sharded safetensors, tokenizer.json
/// and the spec inside it) compresses to <c>ckpt.gr.safetensors</c>, incrementally on its index, shards and tokenizer.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class CheckpointFolderBuildTests(PackageFixture package)
{
    [Fact]
    public void A_checkpoint_folder_compresses_and_rebuilds_when_a_shard_or_its_tokenizer_changes()
    {
        var app = new ThrowAwayProject(package, itemXml: "<GroupReduceModel Include=\"ckpt\" />");
        string folder = Path.Combine(app.Directory, "ckpt");
        var model = SyntheticModel.Create(rows: 64, columns: 8);
        ShardedCheckpoint.Tied(model).Write(folder);

        // 61 tokens for 64 rows: the last three rows are padding, as in a checkpoint padded to a multiple of 8.
        var vocabulary = Enumerable.Range(0, 61).ToDictionary(i => $"t{i}", i => i);
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), JsonSerializer.Serialize(new { added_tokens = Array.Empty<object>(), model = new { type = "WordLevel", vocab = vocabulary, unk_token = "t0" } }));
        File.WriteAllLines(Path.Combine(folder, "counts.tsv"), vocabulary.Keys.Select((token, i) => $"{token}\t{1000 / (i + 1) + 1}"));
        File.WriteAllText(Path.Combine(folder, "groupreduce.yaml"), """
            version: 1
            matrices:
              - tensor: model.embed_tokens.weight
                tied: [lm_head.weight]
            frequencies: { path: counts.tsv }
            groups: 2
            refinement: { iterations: 0 }
            budget: { rate: 2x }
            """);

        DotnetRun first = app.Run("build");
        Assert.True(first.ExitCode == 0 && first.Compressed, first.ToString());
        string output = Path.Combine(app.Directory, "bin", "Debug", "net10.0", "ckpt.gr.safetensors");
        Assert.True(File.Exists(output), first.ToString());
        string report = File.ReadAllText(Path.Combine(app.Directory, "obj", "Debug", "net10.0", "groupreduce", "ckpt.gr.report.json"));
        Assert.Contains("3 padding row(s)", report, StringComparison.Ordinal);

        DotnetRun second = app.Run("build");
        Assert.True(second.ExitCode == 0 && second.SkippedAsUpToDate && !second.Compressed, second.ToString());

        app.Touch(Path.Combine("ckpt", "model-00003-of-00003.safetensors"));
        DotnetRun afterShard = app.Run("build");
        Assert.True(afterShard.ExitCode == 0 && afterShard.Compressed, afterShard.ToString());

        app.Touch(Path.Combine("ckpt", "tokenizer.json"));
        DotnetRun afterTokenizer = app.Run("build");
        Assert.True(afterTokenizer.ExitCode == 0 && afterTokenizer.Compressed, afterTokenizer.ToString());
    }

    [Fact]
    public void A_folder_without_a_checkpoint_is_an_error_naming_the_item()
    {
        var app = new ThrowAwayProject(package, itemXml: "<GroupReduceModel Include=\"empty\" />");
        Directory.CreateDirectory(Path.Combine(app.Directory, "empty"));

        DotnetRun build = app.Run("build");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("GR5009", build.Output, StringComparison.Ordinal);
        Assert.Contains("no *.safetensors.index.json and no model.safetensors", build.Output, StringComparison.Ordinal);
    }
}
