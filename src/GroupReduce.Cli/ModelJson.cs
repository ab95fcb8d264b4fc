using System.Text.Json.Nodes;
using GroupReduce.Core.Models;
using GroupReduce.Core.Tokenizers;

namespace GroupReduce.Cli;

/// <summary>
/// <c>inspect --json</c> for a model file (an artifact prints its manifest instead): the file, its tensors, the count of
/// tensors per type, the shards of a sharded checkpoint, the vocabulary matrices a graph shows and the tied matrices —
/// the table's facts, with snake_case keys as the manifest has them.
/// </summary>
internal static class ModelJson
{
    /// <summary>Builds the JSON.</summary>
    /// <param name="model">The open model file.</param>
    /// <param name="tied">The groups of identical vocabulary matrices (<see cref="TiedMatrices"/>).</param>
    /// <param name="limit">The most tensors listed (<c>--all</c> lifts it); <c>tensors_left_out</c> says how many were not.</param>
    /// <returns>The object.</returns>
    public static JsonObject Of(ModelFile model, IReadOnlyList<IReadOnlyList<string>> tied, int limit)
    {
        var shardOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var shards = new JsonArray();
        foreach (ModelShard shard in model.Shards)
        {
            string name = Path.GetFileName(shard.Path);
            shards.Add(new JsonObject { ["file"] = name, ["tensors"] = shard.Tensors.Count, ["bytes"] = new FileInfo(shard.Path).Length });
            foreach (string tensor in shard.Tensors)
            {
                shardOf[tensor] = name;
            }
        }

        var tensors = new JsonArray();
        foreach (ModelTensor tensor in model.Tensors.Take(limit))
        {
            var entry = new JsonObject
            {
                ["name"] = tensor.Name,
                ["dtype"] = TypeOf(tensor),
                ["shape"] = new JsonArray([.. tensor.Shape.Select(d => (JsonNode)d)]),
                ["bytes"] = tensor.ByteLength,
            };
            if (shardOf.TryGetValue(tensor.Name, out string? file))
            {
                entry["shard"] = file;
            }

            tensors.Add(entry);
        }

        var types = new JsonObject();
        foreach (IGrouping<string, ModelTensor> type in model.Tensors.GroupBy(TypeOf).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            types[type.Key] = type.Count();
        }

        var json = new JsonObject
        {
            ["file"] = Path.GetFullPath(model.Path),
            ["format"] = model.Format.ToString().ToLowerInvariant(),
            ["bytes"] = new FileInfo(model.Path).Length,
            ["vocabulary_size"] = model.Vocabulary?.Count,
            ["tensor_count"] = model.Tensors.Count,
            ["tensor_types"] = types,
            ["shards"] = shards,
            ["vocabulary_matrices"] = new JsonArray([.. model.VocabularyMatrices.Select(m => (JsonNode)new JsonObject
            {
                ["tensor"] = m.Tensor,
                ["embedding"] = m.IsEmbedding,
                ["logits"] = m.IsLogits,
                ["vocabulary_in_columns"] = m.VocabularyInColumns,
            })]),
            ["tied"] = new JsonArray([.. tied.Select(g => (JsonNode)new JsonArray([.. g.Select(n => (JsonNode)n)]))]),
            ["tensors"] = tensors,
            ["tensors_left_out"] = Math.Max(0, model.Tensors.Count - limit),
        };

        json["tokenizer"] = TokenizerFacts.Of(model) is { } facts
            ? new JsonObject
            {
                ["description"] = facts.Description,
                ["source"] = facts.Source,
                ["kind"] = facts.Kind is { } kind ? ModelTokenizer.KindName(kind) : null,
                ["size"] = facts.Size,
                ["error"] = facts.Error,
                ["padded"] = new JsonArray([.. facts.Padded.Select(p => (JsonNode)new JsonObject { ["tensor"] = p.Tensor, ["rows"] = p.Rows, ["padding"] = p.Padding })]),
            }
            : null;
        return json;
    }

    /// <summary>A tensor's type as inspect names it: the GGML block type (<c>Q4_K</c>) or the element type.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <returns>The name.</returns>
    public static string TypeOf(ModelTensor tensor) => tensor.GgmlTypeName ?? tensor.DType.ToString();
}
