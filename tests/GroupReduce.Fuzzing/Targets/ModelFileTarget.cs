using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Models;
using GroupReduce.Fuzzing.Mutations;

namespace GroupReduce.Fuzzing.Targets;

/// <summary>
/// A model format, read the way the engine reads it: <see cref="ModelFileReader.Open"/> by content, then every
/// tensor's bytes streamed, every matrix read row by row as float32, the vocabulary and metadata walked.
/// An accepted file must not claim more data than it can hold.
/// </summary>
public sealed class ModelFileTarget : FuzzTarget
{
    private readonly Func<IReadOnlyList<FuzzSeed>> _seeds;
    private readonly long _maxExpansion;
    private readonly IReadOnlyDictionary<string, byte[]> _companions;

    /// <summary>Creates the target.</summary>
    /// <param name="name">The format's name.</param>
    /// <param name="shape">The input's structure.</param>
    /// <param name="seeds">Makes the valid files to start from.</param>
    /// <param name="maxExpansion">How many times its own size an accepted file's tensors may hold (deflated .npz members inflate; text becomes float32).</param>
    /// <param name="companions">Files written unmutated beside each input (an ONNX model's external data), by name.</param>
    public ModelFileTarget(string name, InputShape shape, Func<IReadOnlyList<FuzzSeed>> seeds, long maxExpansion = 4, IReadOnlyDictionary<string, byte[]>? companions = null)
    {
        _companions = companions ?? new Dictionary<string, byte[]>();
        Name = name;
        Shape = shape;
        _seeds = seeds;
        _maxExpansion = maxExpansion;
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override InputShape Shape { get; }

    /// <inheritdoc />
    protected override FuzzOutcome Exercise(string path, string folder)
    {
        long limit = Math.Max(1L << 20, _maxExpansion * (new FileInfo(path).Length + _companions.Values.Sum(bytes => (long)bytes.Length)));
        foreach ((string file, byte[] bytes) in _companions)
        {
            File.WriteAllBytes(Path.Combine(folder, file), bytes);
        }

        using ModelFile model = ModelFileReader.Open(path);
        foreach (string token in model.Vocabulary ?? [])
        {
            _ = token.Length;
        }

        foreach (KeyValuePair<string, string> pair in model.Metadata)
        {
            _ = pair.Value.Length;
        }

        foreach (VocabularyMatrix matrix in model.VocabularyMatrices)
        {
            if (model.FindTensor(matrix.Tensor) is null)
            {
                return FuzzOutcome.Defect("vocabulary matrix is not a tensor", $"the graph's vocabulary matrix '{matrix.Tensor}' is not one of the model's tensors");
            }
        }

        foreach (ModelTensor tensor in model.Tensors)
        {
            if (tensor.ByteLength < 0 || tensor.ByteLength > limit)
            {
                return FuzzOutcome.Defect($"accepted tensor claims {tensor.ByteLength} bytes", $"tensor '{tensor.Name}' of shape [{string.Join(", ", tensor.Shape)}] claims {tensor.ByteLength} bytes in a file allowed at most {limit}");
            }

            tensor.CopyRawTo(Stream.Null, CancellationToken.None);
            if (tensor.IsMatrix)
            {
                ReadRows(tensor.AsMatrix());
            }
        }

        return FuzzOutcome.Accepted;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<FuzzSeed> CreateSeeds() => _seeds();

    private static void ReadRows(IRowMatrix matrix)
    {
        int block = (int)Math.Max(1, Math.Min(matrix.Rows, 65536 / Math.Max(1, matrix.Columns)));
        var buffer = new float[block * (long)matrix.Columns];
        for (long row = 0; row < matrix.Rows; row += block)
        {
            int count = (int)Math.Min(block, matrix.Rows - row);
            matrix.CopyRows(row, count, buffer.AsSpan(0, count * matrix.Columns));
        }
    }
}
