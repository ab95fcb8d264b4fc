namespace GroupReduce.Core.Models;

/// <summary>One shard of a sharded safetensors checkpoint: its file and the tensors read from it.</summary>
/// <param name="Path">The shard file's full path.</param>
/// <param name="Tensors">The names of the tensors it holds, in file order.</param>
public sealed record ModelShard(string Path, IReadOnlyList<string> Tensors);
