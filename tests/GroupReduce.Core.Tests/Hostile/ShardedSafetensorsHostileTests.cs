using System.Text.Json;
using System.Text.Json.Nodes;
using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Hostile;

/// <summary>Every way a sharded checkpoint's index and shards can disagree is a GR208x error naming the index and the fix.</summary>
public sealed class ShardedSafetensorsHostileTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ShardedCheckpoint _checkpoint = ShardedCheckpoint.Tied(SyntheticModel.Create(rows: 30, columns: 4));
    private readonly string _index;

    public ShardedSafetensorsHostileTests()
    {
        _index = _checkpoint.Write(_folder.File("ckpt"));
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("{\"weight_map\": {\"a\": ")]
    [InlineData("{\"metadata\": {\"total_size\": 10}}")]
    [InlineData("{\"weight_map\": [\"model-00001-of-00003.safetensors\"]}")]
    [InlineData("{\"weight_map\": {\"a\": 3}}")]
    [InlineData("{\"weight_map\": {\"a\": \"\"}}")]
    public void An_index_that_is_not_json_or_has_no_weight_map_of_shard_names_is_GR2085(string json)
    {
        File.WriteAllText(_index, json);

        ErrorAssert.Open(_index, ModelErrorCodes.ShardIndexInvalid);
    }

    [Fact]
    public void A_missing_shard_is_GR2086_naming_the_shard_and_where_it_was_looked_for()
    {
        string shard = Path.Combine(_folder.File("ckpt"), _checkpoint.ShardName(1));
        File.Delete(shard);

        ErrorAssert.Open(_index, ModelErrorCodes.ShardMissing, _checkpoint.ShardName(1), $"looked for at '{shard}'", "model.layers.0.mlp.weight", "Download every shard");
    }

    [Fact]
    public void A_shard_that_is_a_folder_is_GR2086()
    {
        string shard = Path.Combine(_folder.File("ckpt"), _checkpoint.ShardName(2));
        File.Delete(shard);
        Directory.CreateDirectory(shard);

        ErrorAssert.Open(_index, ModelErrorCodes.ShardMissing, "a folder");
    }

    [Theory]
    [InlineData("../model-00001-of-00003.safetensors")]
    [InlineData("sub/../../model-00001-of-00003.safetensors")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    public void A_shard_name_that_leaves_the_folder_is_GR2087_and_nothing_outside_is_read(string shard)
    {
        // A real shard one level up: had the name been followed, the read would have succeeded.
        File.Copy(Path.Combine(_folder.File("ckpt"), _checkpoint.ShardName(0)), _folder.File(_checkpoint.ShardName(0)));
        Rewrite(map => map["model.embed_tokens.weight"] = shard);

        ErrorAssert.Open(_index, ModelErrorCodes.ShardNameInvalid, "model.embed_tokens.weight", "leaves the index's folder");
    }

    [Fact]
    public void An_index_naming_a_tensor_its_shard_lacks_is_GR2088()
    {
        Rewrite(map => map["model.embed_tokens.extra"] = _checkpoint.ShardName(0));

        ErrorAssert.Open(_index, ModelErrorCodes.ShardTensorMissing, "model.embed_tokens.extra", _checkpoint.ShardName(0), "no shard holds it");
    }

    [Fact]
    public void An_index_putting_a_tensor_in_the_wrong_shard_is_GR2088_naming_where_it_is()
    {
        Rewrite(map => map["lm_head.bias"] = _checkpoint.ShardName(1));

        ErrorAssert.Open(_index, ModelErrorCodes.ShardTensorMissing, "lm_head.bias", $"it is in '{_checkpoint.ShardName(2)}'");
    }

    [Fact]
    public void A_tensor_held_by_two_shards_is_GR2089_naming_both()
    {
        var twice = new ShardedCheckpoint { Shards = [_checkpoint.Shards[0], [.. _checkpoint.Shards[1], _checkpoint.Shards[0][1]], _checkpoint.Shards[2]] };
        string index = twice.Write(_folder.File("twice"));

        ErrorAssert.Open(index, ModelErrorCodes.ShardTensorDuplicated, "model.norm.weight", twice.ShardName(0), twice.ShardName(1));
    }

    [Fact]
    public void An_index_listing_a_tensor_twice_is_GR2089()
    {
        string json = File.ReadAllText(_index);
        File.WriteAllText(_index, json.Replace("\"weight_map\":{", $"\"weight_map\":{{\"lm_head.bias\":\"{_checkpoint.ShardName(0)}\",", StringComparison.Ordinal));

        ErrorAssert.Open(_index, ModelErrorCodes.ShardTensorDuplicated, "lm_head.bias");
    }

    [Fact]
    public void A_total_size_that_disagrees_with_the_shards_is_ignored()
    {
        JsonNode root = JsonNode.Parse(File.ReadAllText(_index))!;
        root["metadata"]!["total_size"] = 1;
        File.WriteAllText(_index, root.ToJsonString());

        using ModelFile model = ModelFileReader.Open(_index);

        Assert.Equal(5, model.Tensors.Count);
    }

    [Fact]
    public void A_shard_that_is_not_safetensors_is_an_error_naming_the_shard()
    {
        string shard = Path.Combine(_folder.File("ckpt"), _checkpoint.ShardName(1));
        File.WriteAllText(shard, "not a model");

        Assert.Equal(ModelErrorCodes.UnrecognizedFormat, Assert.Throws<GroupReduce.Abstractions.GroupReduceException>(() => ModelFileReader.Open(_index)).Code);
    }

    private void Rewrite(Action<JsonObject> change)
    {
        JsonNode root = JsonNode.Parse(File.ReadAllText(_index))!;
        change(root["weight_map"]!.AsObject());
        File.WriteAllText(_index, root.ToJsonString(new JsonSerializerOptions()));
    }
}
