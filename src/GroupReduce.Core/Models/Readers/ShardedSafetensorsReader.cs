using GroupReduce.Core.Models.Mapping;
using GroupReduce.Core.Models.Tensors;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Reads a sharded safetensors checkpoint through its index (<see cref="ShardIndex"/>): every shard the index names is
/// read, memory-mapped, by <see cref="SafetensorsReader"/> with all its checks, and the model is their tensors together,
/// shard by shard in the order of the shard names (<c>model-00001-of-00003</c> first), each shard's in file order. The
/// index and the shards must agree: every tensor the index names is in its shard, and no tensor is in two shards. A
/// tensor a shard holds but the index leaves out is read too, as transformers does when it loads a shard.
/// </summary>
internal static class ShardedSafetensorsReader
{
    /// <summary>Reads the checkpoint.</summary>
    /// <param name="index">The mapped index file; the result owns it.</param>
    /// <returns>The model: <see cref="ModelFile.Path"/> is the index, <see cref="ModelFile.DataFiles"/> the shards.</returns>
    public static LoadedModelFile Read(MappedFile index)
    {
        string path = index.Path;
        if (index.Length > ShardIndex.MaxBytes)
        {
            throw ModelError.InFile(ModelErrorCodes.ShardIndexInvalid, path, $"the file is {index.Length} bytes, over the 100 MB limit for a sharded safetensors index. Name the index Hugging Face wrote, or a single model file.");
        }

        ShardIndex map = ShardIndex.Parse(path, index.Span(0, (int)index.Length).ToArray());
        List<string> shardPaths = map.WeightMap.Select(e => e.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var opened = new List<LoadedModelFile>(shardPaths.Count);
        try
        {
            var owner = new Dictionary<string, string>(StringComparer.Ordinal);
            var tensors = new List<ModelTensor>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var shards = new List<ModelShard>(shardPaths.Count);
            foreach (string shardPath in shardPaths)
            {
                LoadedModelFile shard = OpenShard(path, map, shardPath);
                opened.Add(shard);
                foreach (ModelTensor tensor in shard.Tensors)
                {
                    if (!owner.TryAdd(tensor.Name, shardPath))
                    {
                        throw ModelError.InFile(
                            ModelErrorCodes.ShardTensorDuplicated,
                            path,
                            $"tensor '{Excerpt.Of(tensor.Name)}' is in two shards, '{Path.GetFileName(owner[tensor.Name])}' and '{Path.GetFileName(shardPath)}'; a tensor lives in one shard. Download the checkpoint again.");
                    }

                    tensors.Add(tensor);
                }

                foreach ((string key, string value) in shard.Metadata)
                {
                    metadata.TryAdd(key, value);
                }

                shards.Add(new ModelShard(shardPath, [.. shard.Tensors.Select(t => t.Name)]));
            }

            foreach ((string tensor, string shardPath) in map.WeightMap)
            {
                if (!owner.TryGetValue(tensor, out string? holder) || holder != shardPath)
                {
                    string found = holder is null ? "no shard holds it" : $"it is in '{Path.GetFileName(holder)}'";
                    throw ModelError.InFile(
                        ModelErrorCodes.ShardTensorMissing,
                        path,
                        $"weight_map puts tensor '{Excerpt.Of(tensor)}' in shard '{Path.GetFileName(shardPath)}', which does not hold it ({found}). The index and the shards come from different saves; download them together again.");
                }
            }

            IReadOnlyList<string>? vocabulary = SafetensorsVocabulary.Read(path, tensors);
            return new LoadedModelFile(path, ModelFormat.Safetensors, tensors, vocabulary, metadata, [index, .. opened], dataFiles: shardPaths, shards: shards);
        }
        catch
        {
            foreach (LoadedModelFile shard in opened)
            {
                shard.Dispose();
            }

            throw;
        }
    }

    private static LoadedModelFile OpenShard(string path, ShardIndex map, string shardPath)
    {
        if ((File.Exists(shardPath) || Directory.Exists(shardPath) ? RegularFile.Problem(shardPath) : "missing") is { } problem)
        {
            string tensor = map.WeightMap.First(e => e.Value == shardPath).Key;
            throw ModelError.InFile(
                ModelErrorCodes.ShardMissing,
                path,
                $"shard '{Path.GetFileName(shardPath)}' (named for tensor '{Excerpt.Of(tensor)}' and looked for at '{shardPath}') is {problem}. Download every shard the index names into '{map.Folder}'.");
        }

        MappedFile file = MappedFile.Open(shardPath);
        try
        {
            ReadOnlySpan<byte> head = file.Span(0, (int)Math.Min(file.Length, FormatDetector.HeadBytes));
            if (FormatDetector.Detect(head, file.Length) != ModelFormat.Safetensors)
            {
                throw ModelError.InFile(
                    ModelErrorCodes.UnrecognizedFormat,
                    shardPath,
                    $"this shard of '{Path.GetFileName(path)}' is not a safetensors file. Download the shard again.");
            }

            return SafetensorsReader.Read(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
