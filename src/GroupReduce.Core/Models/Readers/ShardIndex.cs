using System.Text.Json;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// The index of a sharded safetensors checkpoint as Hugging Face writes it (<c>model.safetensors.index.json</c>):
/// <c>{"metadata": {"total_size": N}, "weight_map": {"tensor": "model-00001-of-00003.safetensors", ...}}</c>.
/// Only <c>weight_map</c> is read. <c>total_size</c> is ignored: writers count it differently (transformers counts
/// storage shared by tied tensors once), so a disagreement says nothing about whether the shards are whole; the shards'
/// own headers are checked instead.
/// </summary>
internal sealed class ShardIndex
{
    /// <summary>The size limit, as for a safetensors header: an index is a few hundred kilobytes even for large models.</summary>
    public const long MaxBytes = 100_000_000;

    private ShardIndex(string folder, IReadOnlyList<KeyValuePair<string, string>> weightMap)
    {
        Folder = folder;
        WeightMap = weightMap;
    }

    /// <summary>The index's folder (full path), which every shard name is relative to.</summary>
    public string Folder { get; }

    /// <summary>Each tensor and its shard's full path, in the index's order; no tensor twice.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> WeightMap { get; }

    /// <summary>
    /// Whether a file that no model format matched is read as an index: a JSON object (<c>{</c> after a byte order mark and
    /// white space) that mentions <c>"weight_map"</c> in its first bytes, or any JSON object named <c>*.index.json</c>, so
    /// that a damaged index gets the index's errors. Other JSON (a <c>config.json</c> given by mistake) stays unrecognised.
    /// </summary>
    /// <param name="head">The file's first bytes.</param>
    /// <param name="path">The file's path, whose name only decides which error a damaged index gets.</param>
    /// <returns>Whether to read the file as an index.</returns>
    public static bool Looks(ReadOnlySpan<byte> head, string path)
    {
        if (head.StartsWith("\uFEFF"u8))
        {
            head = head[3..];
        }

        head = head.TrimStart(" \t\r\n"u8);
        return !head.IsEmpty && head[0] == (byte)'{'
            && (head.IndexOf("\"weight_map\""u8) >= 0 || path.EndsWith(".index.json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Parses and validates the index: JSON, a <c>weight_map</c> object of non-empty strings, shard names inside the folder.</summary>
    /// <param name="path">The index file, for messages and as the base of the shard names.</param>
    /// <param name="json">Its bytes.</param>
    /// <returns>The index.</returns>
    public static ShardIndex Parse(string path, ReadOnlyMemory<byte> json)
    {
        string folder = Path.GetFullPath(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw ModelError.InFile(
                ModelErrorCodes.ShardIndexInvalid,
                path,
                $"the sharded safetensors index is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {e.Message}). Download the index again, or name a single .safetensors file instead.",
                e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("weight_map", out JsonElement map)
                || map.ValueKind != JsonValueKind.Object)
            {
                throw ModelError.InFile(
                    ModelErrorCodes.ShardIndexInvalid,
                    path,
                    "the JSON file has no \"weight_map\" object, so it is not a sharded safetensors index (model.safetensors.index.json maps each tensor to its shard file). Name the index Hugging Face wrote, or a single model file.");
            }

            var shards = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            var weightMap = new List<KeyValuePair<string, string>>();
            foreach (JsonProperty entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String || entry.Value.GetString() is not { Length: > 0 } shard)
                {
                    throw ModelError.InFile(
                        ModelErrorCodes.ShardIndexInvalid,
                        path,
                        $"weight_map entry '{Excerpt.Of(entry.Name)}' is {entry.Value.ValueKind.ToString().ToLowerInvariant()}, not a shard file name. Download the index again.");
                }

                if (seen.TryGetValue(entry.Name, out string? first))
                {
                    throw ModelError.InFile(
                        ModelErrorCodes.ShardTensorDuplicated,
                        path,
                        $"weight_map lists tensor '{Excerpt.Of(entry.Name)}' twice (in '{Excerpt.Of(first)}' and in '{Excerpt.Of(shard)}'); a tensor lives in one shard. Download the index again.");
                }

                seen.Add(entry.Name, shard);
                if (!shards.TryGetValue(shard, out string? full))
                {
                    full = Resolve(path, folder, entry.Name, shard);
                    shards.Add(shard, full);
                }

                weightMap.Add(KeyValuePair.Create(entry.Name, full));
            }

            return new ShardIndex(folder, weightMap);
        }
    }

    // A model is input from anywhere: its index must not make the tool read files outside the checkpoint's folder.
    private static string Resolve(string path, string folder, string tensor, string shard)
    {
        string root = Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
        bool invalid = shard.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0 || shard.Contains('\0', StringComparison.Ordinal);
        string? full = invalid ? null : Path.GetFullPath(Path.Combine(folder, shard));
        bool escapes = shard.Split('/', '\\').Contains("..");
        if (full is null || escapes || Path.IsPathRooted(shard) || shard.StartsWith('/') || shard.StartsWith('\\') || !full.StartsWith(root, StringComparison.Ordinal))
        {
            throw ModelError.InFile(
                ModelErrorCodes.ShardNameInvalid,
                path,
                $"weight_map maps tensor '{Excerpt.Of(tensor)}' to shard '{Excerpt.Of(shard)}', which is absolute, leaves the index's folder '{folder}' or holds characters no path may hold. Shard names are file names beside the index; fix the index or download it again.");
        }

        return full;
    }
}
