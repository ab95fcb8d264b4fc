namespace GroupReduce.Core.Models;

/// <summary>
/// An open model file: its tensors, its vocabulary when the format carries one, and its metadata.
/// Holds the memory mapping; dispose it when done (tensor views die with it).
/// </summary>
public abstract class ModelFile : IDisposable
{
    /// <summary>The file's path as given.</summary>
    public abstract string Path { get; }

    /// <summary>The detected format.</summary>
    public abstract ModelFormat Format { get; }

    /// <summary>The tensors in file order.</summary>
    public abstract IReadOnlyList<ModelTensor> Tensors { get; }

    /// <summary>The vocabulary (row <c>i</c>'s token), when the format has one (word2vec, GloVe, GGUF); otherwise <see langword="null"/>.</summary>
    public abstract IReadOnlyList<string>? Vocabulary { get; }

    /// <summary>Key/value metadata (safetensors <c>__metadata__</c>; GGUF scalar and string keys as text).</summary>
    public abstract IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// The vocabulary matrices the model's graph shows (embedding, logits weight, tied), found by the reader for formats
    /// with a graph (ONNX); empty for the others, whose matrices the spec names.
    /// </summary>
    public virtual IReadOnlyList<VocabularyMatrix> VocabularyMatrices => [];

    /// <summary>
    /// The other files the model's tensors were read from (an ONNX model's external data files), full paths: inputs of
    /// the run as much as <see cref="Path"/> is. Empty for formats that keep everything in one file.
    /// </summary>
    public virtual IReadOnlyList<string> DataFiles => [];

    /// <summary>
    /// The shards of a sharded safetensors checkpoint (<see cref="Path"/> is then its index), in the order their tensors
    /// appear in <see cref="Tensors"/>; empty for a model in one file.
    /// </summary>
    public virtual IReadOnlyList<ModelShard> Shards => [];

    /// <summary>
    /// For a GGUF file, its metadata verbatim: the magic, version, a tensor count of 0, the key/value count and every key/value
    /// as stored (types, arrays and bytes exactly) — itself a GGUF file with no tensors. <see langword="null"/> for other formats.
    /// </summary>
    public virtual ReadOnlyMemory<byte>? GgufMetadata => null;

    /// <summary>Finds a tensor by name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The tensor, or <see langword="null"/>.</returns>
    public ModelTensor? FindTensor(string name)
    {
        foreach (ModelTensor tensor in Tensors)
        {
            if (string.Equals(tensor.Name, name, StringComparison.Ordinal))
            {
                return tensor;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the mapping.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected abstract void Dispose(bool disposing);
}
