using System.Text.Json.Nodes;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Models;
using GroupReduce.Core.Pipeline;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Pipeline;

/// <summary>
/// A three-shard Hugging Face checkpoint with a tied embedding (embedding in the first shard, output weight in the last)
/// compresses, by its index or its folder, to the artifact the same tensors in one file give.
/// </summary>
public sealed class ShardedCheckpointTests
{
    private const string Spec = """
        version: 1
        matrices: [{ tensor: model.embed_tokens.weight, tied: [lm_head.weight] }]
        frequencies:
          source: counts
          path: counts.tsv
          vocabulary: vocab.txt
        budget:
          rate: 4x
        groups: 4
        """;

    [Theory]
    [InlineData("ckpt/model.safetensors.index.json")]
    [InlineData("ckpt")]
    public void A_sharded_checkpoint_compresses_to_the_artifact_of_the_same_tensors_in_one_file(string modelPath)
    {
        using var folder = new TempFolder();
        SyntheticModel model = SyntheticModel.Create(rows: 200, columns: 12);
        model.Write(folder, "unused.safetensors");
        ShardedCheckpoint checkpoint = ShardedCheckpoint.Tied(model);
        checkpoint.Write(folder.File("ckpt"));
        checkpoint.WriteUnsharded(folder.File("one.safetensors"));

        CompressionReport sharded = Runs.Compress(folder, Spec, model: modelPath, output: "sharded.gr.safetensors");
        CompressionReport single = Runs.Compress(folder, Spec, model: "one.safetensors", output: "single.gr.safetensors");

        Assert.Equal(ShardedCheckpoint.IndexName, sharded.Model.File);
        using ModelFile a = ModelFileReader.Open(folder.File("sharded.gr.safetensors"));
        using ModelFile b = ModelFileReader.Open(folder.File("single.gr.safetensors"));
        Assert.Equal(b.Tensors.Select(t => (t.Name, t.DType, string.Join(",", t.Shape))), a.Tensors.Select(t => (t.Name, t.DType, string.Join(",", t.Shape))));
        foreach (ModelTensor tensor in b.Tensors)
        {
            Assert.Equal(Raw(tensor), Raw(a.FindTensor(tensor.Name)!));
        }

        Assert.Equal(b.Metadata.Keys.Order(), a.Metadata.Keys.Order());
        Assert.Equal(WithoutInput(b.Metadata["groupreduce.manifest"]), WithoutInput(a.Metadata["groupreduce.manifest"]));
        Assert.Equal(ShardedCheckpoint.IndexName, JsonNode.Parse(a.Metadata["groupreduce.manifest"])!["input"]!["file"]!.GetValue<string>());
        Dictionary<string, float[]> decoded = ArtifactDecoder.Decode(folder.File("sharded.gr.safetensors"));
        Assert.Equal(ArtifactDecoder.Decode(folder.File("single.gr.safetensors"))["model.embed_tokens.weight"], decoded["model.embed_tokens.weight"]);
    }

    [Fact]
    public void The_run_inputs_list_every_shard_as_a_model_data_file_with_its_hash()
    {
        using var folder = new TempFolder();
        SyntheticModel model = SyntheticModel.Create(rows: 200, columns: 12);
        model.Write(folder, "unused.safetensors");
        ShardedCheckpoint checkpoint = ShardedCheckpoint.Tied(model);
        checkpoint.Write(folder.File("ckpt"));

        CompressionReport report = Runs.Compress(folder, Spec, model: "ckpt", output: "out.gr.safetensors");

        Assert.Equal(Path.Combine(folder.File("ckpt"), ShardedCheckpoint.IndexName), report.Inputs[0].Path);
        Assert.Equal("model", report.Inputs[0].Role);
        for (int i = 0; i < 3; i++)
        {
            string shard = Path.Combine(folder.File("ckpt"), checkpoint.ShardName(i));
            RunInput input = Assert.Single(report.Inputs, x => x.Path == shard);
            Assert.Equal("model data file", input.Role);
            Assert.Equal(InputHash.OfFile(shard, CancellationToken.None), input.Hash);
        }
    }

    [Fact]
    public void A_cached_run_of_a_checkpoint_folder_is_restored_until_a_shard_changes()
    {
        using var folder = new TempFolder();
        using var cache = new TempFolder();
        SyntheticModel model = SyntheticModel.Create(rows: 200, columns: 12);
        model.Write(folder, "unused.safetensors");
        ShardedCheckpoint checkpoint = ShardedCheckpoint.Tied(model);
        checkpoint.Write(folder.File("ckpt"));
        File.WriteAllText(folder.File("groupreduce.yaml"), Spec);

        CompressionReport stored = Cached(folder, cache.Path);
        CompressionReport restored = Cached(folder, cache.Path);
        string shard = Path.Combine(folder.File("ckpt"), checkpoint.ShardName(1));
        byte[] bytes = File.ReadAllBytes(shard);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(shard, bytes);
        CompressionReport changed = Cached(folder, cache.Path);

        Assert.Null(stored.RestoredFrom);
        Assert.NotNull(restored.RestoredFrom);
        Assert.Null(changed.RestoredFrom);
        Assert.NotEqual(stored.Inputs.Single(i => i.Path == shard).Hash, changed.Inputs.Single(i => i.Path == shard).Hash);
    }

    private static CompressionReport Cached(TempFolder folder, string cache) =>
        CompressionEngine.Run(
            new CompressionRequest
            {
                Spec = SpecLoader.Load(folder.File("groupreduce.yaml")),
                ModelPath = folder.File("ckpt"),
                OutputPath = folder.File("out.gr.safetensors"),
                CacheDirectory = cache,
                MaxDegreeOfParallelism = 2,
            },
            NullRunObserver.Instance,
            CancellationToken.None);

    private static byte[] Raw(ModelTensor tensor)
    {
        using var stream = new MemoryStream();
        tensor.CopyRawTo(stream, CancellationToken.None);
        return stream.ToArray();
    }

    private static string WithoutInput(string manifest)
    {
        JsonObject root = JsonNode.Parse(manifest)!.AsObject();
        root.Remove("input");
        return root.ToJsonString();
    }
}
