using GroupReduce.Abstractions;
using GroupReduce.Core.Models;
using GroupReduce.Testing;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Models;

/// <summary>A sharded safetensors checkpoint read through its index or its folder, as Hugging Face writes it.</summary>
public sealed class ShardedSafetensorsTests
{
    private static readonly SyntheticModel Model = SyntheticModel.Create(rows: 40, columns: 6);

    [Fact]
    public void The_index_opens_as_one_safetensors_model_with_every_shards_tensors_and_the_shards_as_data_files()
    {
        using var folder = new TempFolder();
        ShardedCheckpoint checkpoint = ShardedCheckpoint.Tied(Model);
        string index = checkpoint.Write(folder.File("ckpt"));

        using ModelFile model = ModelFileReader.Open(index);

        Assert.Equal(ModelFormat.Safetensors, model.Format);
        Assert.Equal(index, model.Path);
        Assert.Equal(model.Shards.SelectMany(s => s.Tensors), model.Tensors.Select(t => t.Name));
        string[] shards = [.. Enumerable.Range(0, 3).Select(i => Path.Combine(folder.File("ckpt"), checkpoint.ShardName(i)))];
        Assert.Equal(shards, model.DataFiles);
        Assert.Equal(shards, model.Shards.Select(s => s.Path));
        Assert.Equal(["model.embed_tokens.weight", "model.norm.weight"], model.Shards[0].Tensors.Order());
        Assert.Equal(["model.layers.0.mlp.weight"], model.Shards[1].Tensors);
        Assert.Equal(["lm_head.bias", "lm_head.weight"], model.Shards[2].Tensors.Order());
        Assert.Equal("pt", model.Metadata["format"]);
        float[] row = new float[Model.Columns];
        model.FindTensor("lm_head.weight")!.AsMatrix().CopyRows(3, 1, row);
        Assert.Equal(Model.Embedding.AsSpan(3 * Model.Columns, Model.Columns).ToArray(), row);
        Assert.Equal(ModelFormat.Safetensors, ModelFileReader.Detect(index));
    }

    [Fact]
    public void An_index_is_recognised_by_its_weight_map_under_any_name_and_other_json_is_not_a_model()
    {
        using var folder = new TempFolder();
        string index = ShardedCheckpoint.Tied(Model).Write(folder.File("ckpt"));
        string renamed = Path.Combine(folder.File("ckpt"), "weights.bin");
        File.Copy(index, renamed);
        string config = Path.Combine(folder.File("ckpt"), "config.json");
        File.WriteAllText(config, "{\"model_type\": \"llama\", \"vocab_size\": 40}");

        using ModelFile model = ModelFileReader.Open(renamed);

        Assert.Equal(3, model.Shards.Count);
        Assert.Equal(ModelErrorCodes.UnrecognizedFormat, Assert.Throws<GroupReduceException>(() => ModelFileReader.Open(config)).Code);
        Assert.Equal(ModelErrorCodes.UnrecognizedFormat, Assert.Throws<GroupReduceException>(() => ModelFileReader.Detect(config)).Code);
    }

    [Fact]
    public void A_folder_with_one_index_opens_as_that_index()
    {
        using var folder = new TempFolder();
        string index = ShardedCheckpoint.Tied(Model).Write(folder.File("ckpt"));

        using ModelFile model = ModelFileReader.Open(folder.File("ckpt"));

        Assert.Equal(index, model.Path);
        Assert.Equal(3, model.Shards.Count);
        Assert.Equal(index, ModelFileReader.ResolvePath(folder.File("ckpt")));
    }

    [Fact]
    public void A_folder_with_a_single_model_safetensors_opens_as_that_file()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("ckpt"));
        ShardedCheckpoint.Tied(Model).WriteUnsharded(Path.Combine(folder.File("ckpt"), "model.safetensors"));

        using ModelFile model = ModelFileReader.Open(folder.File("ckpt"));

        Assert.Equal(Path.Combine(folder.File("ckpt"), "model.safetensors"), model.Path);
        Assert.Equal(5, model.Tensors.Count);
        Assert.Empty(model.Shards);
        Assert.Empty(model.DataFiles);
    }

    [Fact]
    public void A_folder_with_two_indexes_is_an_error_naming_both()
    {
        using var folder = new TempFolder();
        ShardedCheckpoint.Tied(Model).Write(folder.File("ckpt"));
        File.Copy(Path.Combine(folder.File("ckpt"), ShardedCheckpoint.IndexName), Path.Combine(folder.File("ckpt"), "other.safetensors.index.json"));

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => ModelFileReader.Open(folder.File("ckpt")));

        Assert.Equal(ModelErrorCodes.FileUnreadable, error.Code);
        Assert.Contains("model.safetensors.index.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("other.safetensors.index.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("Name the index file itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_with_no_checkpoint_is_an_error_saying_what_was_looked_for()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("empty"));

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => ModelFileReader.Open(folder.File("empty")));

        Assert.Equal(ModelErrorCodes.FileUnreadable, error.Code);
        Assert.Contains("model.safetensors", error.Message, StringComparison.Ordinal);
        Assert.Equal(folder.File("empty"), error.Location?.File);
    }
}
