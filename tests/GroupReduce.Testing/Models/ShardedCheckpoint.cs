using System.Runtime.InteropServices;
using System.Text.Json;
using GroupReduce.Core.Models;

namespace GroupReduce.Testing.Models;

/// <summary>
/// Writes a sharded safetensors checkpoint as Hugging Face does: shard files <c>model-0000k-of-0000n.safetensors</c>
/// and <c>model.safetensors.index.json</c> mapping each tensor to its shard; or the same tensors as one file.
/// </summary>
public sealed class ShardedCheckpoint
{
    /// <summary>The index's file name.</summary>
    public const string IndexName = "model.safetensors.index.json";

    /// <summary>The shards in order, each a list of (tensor, values, shape).</summary>
    public required IReadOnlyList<IReadOnlyList<(string Name, float[] Values, long[] Shape)>> Shards { get; init; }

    /// <summary>
    /// Three shards of a small language model whose embedding and output weight are tied (equal values) and lie in the
    /// first and last shard: the embedding and a norm, a layer's weight, the output weight and its bias.
    /// </summary>
    /// <param name="model">The vocabulary matrices' source (its <see cref="SyntheticModel.Embedding"/> is the tied matrix).</param>
    /// <returns>The checkpoint.</returns>
    public static ShardedCheckpoint Tied(SyntheticModel model)
    {
        var random = new Random(11);
        float[] layer = [.. Enumerable.Range(0, model.Columns * model.Columns).Select(_ => (float)random.NextDouble() - 0.5f)];
        float[] norm = [.. Enumerable.Range(0, model.Columns).Select(i => 1f + (i / 100f))];
        return new ShardedCheckpoint
        {
            Shards =
            [
                [("model.embed_tokens.weight", model.Embedding, [model.Rows, model.Columns]), ("model.norm.weight", norm, [model.Columns])],
                [("model.layers.0.mlp.weight", layer, [model.Columns, model.Columns])],
                [("lm_head.weight", (float[])model.Embedding.Clone(), [model.Rows, model.Columns]), ("lm_head.bias", model.Bias, [model.Rows])],
            ],
        };
    }

    /// <summary>The name of shard <paramref name="index"/> (0-based).</summary>
    /// <param name="index">The shard.</param>
    /// <returns><c>model-0000k-of-0000n.safetensors</c>.</returns>
    public string ShardName(int index) => $"model-{index + 1:00000}-of-{Shards.Count:00000}.safetensors";

    /// <summary>Writes the shards and the index into <paramref name="folder"/> (created if missing).</summary>
    /// <param name="folder">The checkpoint's folder.</param>
    /// <returns>The index's path.</returns>
    public string Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        long total = 0;
        for (int i = 0; i < Shards.Count; i++)
        {
            WriteFile(Path.Combine(folder, ShardName(i)), Shards[i]);
            foreach ((string name, float[] values, _) in Shards[i])
            {
                weightMap[name] = ShardName(i);
                total += values.Length * 4L;
            }
        }

        string index = Path.Combine(folder, IndexName);
        File.WriteAllText(index, JsonSerializer.Serialize(new { metadata = new { total_size = total }, weight_map = weightMap }));
        return index;
    }

    /// <summary>Writes every tensor, in shard order, into one safetensors file.</summary>
    /// <param name="path">The file.</param>
    public void WriteUnsharded(string path) => WriteFile(path, [.. Shards.SelectMany(s => s)]);

    private static void WriteFile(string path, IReadOnlyList<(string Name, float[] Values, long[] Shape)> tensors)
    {
        using FileStream stream = File.Create(path);
        SafetensorsWriter.Write(
            stream,
            new Dictionary<string, string> { ["format"] = "pt" },
            [.. tensors.Select(t => new SafetensorsEntry(t.Name, "F32", t.Shape, t.Values.Length * 4L, s => s.Write(MemoryMarshal.AsBytes(t.Values.AsSpan()))))],
            CancellationToken.None);
    }
}
