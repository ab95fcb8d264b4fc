namespace GroupReduce.Core.Models.Tensors;

/// <summary>The <see cref="ModelFile"/> every reader returns: its parts, and the mappings and temporary files it owns.</summary>
internal sealed class LoadedModelFile : ModelFile
{
    private readonly IReadOnlyList<IDisposable> _resources;

    /// <summary>Assembles the file.</summary>
    /// <param name="path">The path as given.</param>
    /// <param name="format">The detected format.</param>
    /// <param name="tensors">The tensors in file order.</param>
    /// <param name="vocabulary">The vocabulary, if the format has one.</param>
    /// <param name="metadata">The key/value metadata.</param>
    /// <param name="resources">Mappings and temporary files released on dispose.</param>
    /// <param name="vocabularyMatrices">The vocabulary matrices the graph shows, for formats with a graph.</param>
    /// <param name="dataFiles">The other files the tensors were read from (full paths), for formats that have them.</param>
    /// <param name="shards">The shards of a sharded safetensors checkpoint.</param>
    /// <param name="ggufMetadata">A GGUF file's header with no tensors (<see cref="ModelFile.GgufMetadata"/>).</param>
    public LoadedModelFile(
        string path,
        ModelFormat format,
        IReadOnlyList<ModelTensor> tensors,
        IReadOnlyList<string>? vocabulary,
        IReadOnlyDictionary<string, string> metadata,
        IReadOnlyList<IDisposable> resources,
        IReadOnlyList<VocabularyMatrix>? vocabularyMatrices = null,
        IReadOnlyList<string>? dataFiles = null,
        IReadOnlyList<ModelShard>? shards = null,
        byte[]? ggufMetadata = null)
    {
        // Typed null: through the array's implicit conversion a null would become an empty, non-null memory.
        GgufMetadata = ggufMetadata is { } header ? new ReadOnlyMemory<byte>(header) : (ReadOnlyMemory<byte>?)null;
        Shards = shards ?? [];
        VocabularyMatrices = vocabularyMatrices ?? [];
        DataFiles = dataFiles ?? [];
        Path = path;
        Format = format;
        Tensors = tensors;
        Vocabulary = vocabulary;
        Metadata = metadata;
        _resources = resources;
    }

    /// <summary>The mappings and temporary files this file releases on dispose.</summary>
    internal IReadOnlyList<IDisposable> Resources => _resources;

    /// <inheritdoc />
    public override string Path { get; }

    /// <inheritdoc />
    public override ModelFormat Format { get; }

    /// <inheritdoc />
    public override IReadOnlyList<ModelTensor> Tensors { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string>? Vocabulary { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> Metadata { get; }

    /// <inheritdoc />
    public override IReadOnlyList<VocabularyMatrix> VocabularyMatrices { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> DataFiles { get; }

    /// <inheritdoc />
    public override IReadOnlyList<ModelShard> Shards { get; }

    /// <inheritdoc />
    public override ReadOnlyMemory<byte>? GgufMetadata { get; }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (IDisposable resource in _resources)
            {
                resource.Dispose();
            }
        }
    }
}
