using System.Runtime.InteropServices;
using GroupReduce.Runtime.Format;

namespace GroupReduce.Runtime;

/// <summary>
/// A GroupReduce artifact opened for use: memory-mapped, validated on open (format version, every
/// tensor the manifest names, shapes and offsets), its compressed matrices ready to reconstruct rows
/// and compute products, and every other tensor of the original model readable as it was.
/// Thread-safe for readers; dispose it to unmap the file.
/// </summary>
public sealed class CompressedModel : IDisposable
{
    /// <summary>The artifact format version this library reads (<see cref="ArtifactFormat.Version"/>, where the format defines it).</summary>
    public const int FormatVersion = ArtifactFormat.Version;

    private readonly MappedSafetensors _file;
    private readonly Dictionary<string, CompressedMatrix> _matrices;

    private CompressedModel(MappedSafetensors file, ManifestContents contents)
    {
        _file = file;
        _matrices = contents.Matrices;
        Vocabulary = contents.Vocabulary;
        Method = contents.Method;
        OriginalBytes = contents.OriginalBytes;
        CompressedBytes = contents.CompressedBytes;
    }

    /// <summary>The artifact's full path.</summary>
    public string Path => _file.Path;

    /// <summary>The artifact's size on disk.</summary>
    public long FileBytes => _file.Length;

    /// <summary>The compression method (<c>groupreduce</c>, <c>svd</c>, <c>weighted-svd</c>, <c>prune</c>, <c>quantize</c>).</summary>
    public string Method { get; }

    /// <summary>Bytes of the original matrices.</summary>
    public long OriginalBytes { get; }

    /// <summary>Bytes of everything that replaces them.</summary>
    public long CompressedBytes { get; }

    /// <summary><see cref="OriginalBytes"/> / <see cref="CompressedBytes"/>.</summary>
    public double CompressionRate => CompressedBytes > 0 ? (double)OriginalBytes / CompressedBytes : 0;

    /// <summary>The tokens, when the original model carried them; else null.</summary>
    public TokenVocabulary? Vocabulary { get; }

    /// <summary>The compressed matrices (each under its own name; tied names resolve through <see cref="GetMatrix"/>).</summary>
    public IReadOnlyCollection<CompressedMatrix> Matrices => _matrices.Values.Distinct().ToList();

    /// <summary>The safetensors metadata (the original model's keys plus the artifact's own).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _file.Metadata;

    /// <summary>Opens and validates an artifact.</summary>
    /// <param name="path">The artifact file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArtifactFormatException">The file is not an artifact, is of an unknown format version, or is damaged.</exception>
    public static CompressedModel Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("GroupReduce artifacts are little-endian; this runtime needs a little-endian machine.");
        }

        MappedSafetensors file = MappedSafetensors.Open(path);
        try
        {
            return new CompressedModel(file, ManifestReader.Read(file));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>A compressed matrix by its tensor name or the name of a tensor tied to it.</summary>
    /// <param name="name">The tensor name, e.g. <c>softmax.weight</c>.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="KeyNotFoundException">No compressed matrix has that name; the message lists those that exist.</exception>
    public CompressedMatrix GetMatrix(string name) => _matrices.TryGetValue(name, out CompressedMatrix? matrix)
        ? matrix
        : throw new KeyNotFoundException($"'{System.IO.Path.GetFileName(Path)}' has no compressed matrix '{name}'; it has {string.Join(", ", _matrices.Keys.Select(k => $"'{k}'"))}.");

    /// <summary>Looks a compressed matrix up by name.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="matrix">The matrix, when found.</param>
    /// <returns>Whether it exists.</returns>
    public bool TryGetMatrix(string name, out CompressedMatrix matrix) => _matrices.TryGetValue(name, out matrix!);

    /// <summary>Whether the artifact holds an uncompressed tensor of that name (passed through from the original).</summary>
    /// <param name="name">The tensor name.</param>
    /// <returns>Whether it exists.</returns>
    public bool HasTensor(string name) => _file.Tensors.ContainsKey(name);

    /// <summary>The shape of an uncompressed tensor.</summary>
    /// <param name="name">The tensor name.</param>
    /// <returns>Its dimensions.</returns>
    public IReadOnlyList<long> TensorShape(string name) => Tensor(name).Shape;

    /// <summary>Reads a floating-point tensor that was passed through from the original model (a bias, a hidden layer), widened to float32.</summary>
    /// <param name="name">The tensor name.</param>
    /// <returns>Its values, row-major.</returns>
    public float[] ReadTensor(string name)
    {
        TensorEntry entry = Tensor(name);
        if (entry.Elements > Array.MaxLength)
        {
            throw new ArtifactFormatException(ArtifactErrorCodes.TensorTooLarge, Path, $"tensor {Quoted.Of(name)} has {entry.Elements} elements; ReadTensor returns at most {Array.MaxLength} in one array.");
        }

        ReadOnlySpan<byte> bytes = _file.Bytes(entry);
        var values = new float[entry.Elements];
        switch (entry.DType)
        {
            case "F32":
                MemoryMarshal.Cast<byte, float>(bytes).CopyTo(values);
                break;
            case "F16":
                System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(bytes), values);
                break;
            case "BF16":
                ReadOnlySpan<ushort> half = MemoryMarshal.Cast<byte, ushort>(bytes);
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = BitConverter.Int32BitsToSingle(half[i] << 16);
                }

                break;
            case "F64":
                ReadOnlySpan<double> wide = MemoryMarshal.Cast<byte, double>(bytes);
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = (float)wide[i];
                }

                break;
            default:
                throw new InvalidOperationException($"Tensor '{name}' of '{System.IO.Path.GetFileName(Path)}' is {entry.DType}, not a floating-point tensor.");
        }

        return values;
    }

    /// <summary>
    /// The model's language-model head: embedding, softmax and softmax bias, for <see cref="LanguageModelHead.Embed"/>,
    /// <see cref="LanguageModelHead.Logits"/> and <see cref="LanguageModelHead.TopK(ReadOnlySpan{float}, int)"/>.
    /// </summary>
    /// <param name="embedding">
    /// The compressed input embedding. When omitted: the first compressed matrix named <c>embedding.weight</c>,
    /// <c>encoder.weight</c>, <c>embed_tokens.weight</c>, <c>tok_embeddings.weight</c> or <c>wte.weight</c>; else the softmax
    /// itself when it is tied to another tensor; else the other matrix when the artifact holds exactly two; else none
    /// (an output-only head, whose <see cref="LanguageModelHead.Embed"/> throws).
    /// </param>
    /// <param name="softmax">
    /// The compressed output softmax. When omitted: the first compressed matrix named <c>softmax.weight</c>,
    /// <c>lm_head.weight</c>, <c>decoder.weight</c> or <c>output.weight</c>; else the only compressed matrix.
    /// </param>
    /// <param name="bias">
    /// A passed-through tensor of shape <c>[V]</c> added to the logits. When omitted: the softmax's name with
    /// <c>.weight</c> replaced by <c>.bias</c>, if the artifact holds such a tensor of that shape; else no bias.
    /// </param>
    /// <param name="products">
    /// How rows stored as 8- or 4-bit integers are multiplied: integer dot products (the default, faster) or
    /// <see cref="QuantizedProducts.ExactDecoding"/> for the products of the decoded matrix (docs/runtime.md).
    /// </param>
    /// <returns>The head; cheap to keep, valid while this model is open.</returns>
    /// <exception cref="KeyNotFoundException">A name that was passed does not exist.</exception>
    /// <exception cref="ArtifactFormatException">
    /// <c>GR2043</c>: no softmax was named and none can be chosen (the message lists the names looked for), or the embedding found by
    /// its name has another vocabulary than the softmax.
    /// </exception>
    /// <exception cref="ArgumentException">The matrices or the bias that were named do not share one vocabulary.</exception>
    public LanguageModelHead Head(string? embedding = null, string? softmax = null, string? bias = null, QuantizedProducts products = QuantizedProducts.IntegerDots)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        CompressedMatrix output = softmax is not null ? GetMatrix(softmax) : DiscoverSoftmax();
        CompressedMatrix? input = embedding is not null ? GetMatrix(embedding) : DiscoverEmbedding(output);
        if (input is not null && input.Rows != output.Rows)
        {
            string problem = $"'{input.Name}' has {input.Rows} rows but '{output.Name}' has {output.Rows}: an embedding and a softmax of one head share a vocabulary";
            throw embedding is not null
                ? new ArgumentException(problem + ".", nameof(embedding))
                : new ArtifactFormatException(ArtifactErrorCodes.HeadNotFound, Path, $"{problem}, so '{input.Name}' (found by its name) cannot be this head's embedding. Pass Head(embedding: …) with the right matrix, or Head(embedding: \"{output.Name}\") for a tied head.");
        }

        string? biasName = bias ?? DiscoverBias(output);
        float[]? values = null;
        if (biasName is not null)
        {
            IReadOnlyList<long> shape = TensorShape(biasName);
            if (shape.Count != 1 || shape[0] != output.Rows)
            {
                throw new ArgumentException($"The bias '{biasName}' is [{string.Join(", ", shape)}]; '{output.Name}' needs [{output.Rows}].", nameof(bias));
            }

            values = ReadTensor(biasName);
        }

        return new LanguageModelHead(this, input, output, biasName, values, products);
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    /// <summary>Whether <see cref="Dispose"/> has unmapped the file.</summary>
    internal bool IsDisposed => _file.IsDisposed;

    private static readonly string[] SoftmaxNames = ["softmax.weight", "lm_head.weight", "decoder.weight", "output.weight"];

    private static readonly string[] EmbeddingNames = ["embedding.weight", "encoder.weight", "embed_tokens.weight", "tok_embeddings.weight", "wte.weight"];

    private CompressedMatrix DiscoverSoftmax()
    {
        foreach (string name in SoftmaxNames)
        {
            if (_matrices.TryGetValue(name, out CompressedMatrix? found))
            {
                return found;
            }
        }

        IReadOnlyCollection<CompressedMatrix> all = Matrices;
        if (all.Count == 1)
        {
            return all.First();
        }

        string held = all.Count == 0 ? "no compressed matrices" : $"{all.Count} compressed matrices ({string.Join(", ", all.Take(10).Select(m => Quoted.Of(m.Name)))}{(all.Count > 10 ? ", …" : string.Empty)})";
        throw new ArtifactFormatException(ArtifactErrorCodes.HeadNotFound, Path, $"holds {held} and none has a usual softmax name (looked for {string.Join(", ", SoftmaxNames.Select(n => $"'{n}'"))}); pass the softmax's name: Head(softmax: \"…\").");
    }

    private CompressedMatrix? DiscoverEmbedding(CompressedMatrix softmax)
    {
        foreach (string name in EmbeddingNames)
        {
            if (_matrices.TryGetValue(name, out CompressedMatrix? found))
            {
                return found;
            }
        }

        if (softmax.Tied.Count > 0)
        {
            return softmax;
        }

        IReadOnlyCollection<CompressedMatrix> all = Matrices;
        return all.Count == 2 ? all.First(m => !ReferenceEquals(m, softmax)) : null;
    }

    private string? DiscoverBias(CompressedMatrix softmax)
    {
        if (!softmax.Name.EndsWith(".weight", StringComparison.Ordinal))
        {
            return null;
        }

        string name = string.Concat(softmax.Name.AsSpan(0, softmax.Name.Length - ".weight".Length), ".bias");
        return _file.Tensors.TryGetValue(name, out TensorEntry? entry) && entry.Shape is [long rows] && rows == softmax.Rows
            && entry.DType is "F32" or "F16" or "BF16" or "F64"
            ? name
            : null;
    }

    private TensorEntry Tensor(string name) => _file.Tensors.TryGetValue(name, out TensorEntry? entry)
        ? entry
        : throw new KeyNotFoundException($"'{System.IO.Path.GetFileName(Path)}' has no tensor '{name}'.");
}
