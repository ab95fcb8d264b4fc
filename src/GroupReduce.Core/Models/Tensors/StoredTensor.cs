using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Models.Matrices;

namespace GroupReduce.Core.Models.Tensors;

/// <summary>A tensor of an open file whose bytes a <see cref="TensorData"/> locates; every reader produces these.</summary>
internal sealed class StoredTensor : ModelTensor
{
    // The largest other dimension an empty (zero-row or zero-column) matrix may declare.
    private const long MaxEmptyDimension = 1 << 20;

    private readonly string _filePath;
    private readonly long[] _shape;
    private readonly TensorData _data;

    /// <summary>Describes the tensor; the reader has validated the shape against the byte length.</summary>
    /// <param name="filePath">The file, for messages.</param>
    /// <param name="name">The tensor's name.</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="shape">The shape, outermost first.</param>
    /// <param name="byteLength">The stored size in bytes.</param>
    /// <param name="data">Where the bytes are.</param>
    /// <param name="ggmlTypeName">The GGML type name for GGML block types; otherwise <see langword="null"/>.</param>
    public StoredTensor(string filePath, string name, TensorDType dtype, long[] shape, long byteLength, TensorData data, string? ggmlTypeName = null)
    {
        _filePath = filePath;
        Name = name;
        DType = dtype;
        _shape = shape;
        ByteLength = byteLength;
        _data = data;
        GgmlTypeName = ggmlTypeName;
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override TensorDType DType { get; }

    /// <inheritdoc />
    public override IReadOnlyList<long> Shape => _shape;

    /// <inheritdoc />
    public override long ByteLength { get; }

    /// <inheritdoc />
    public override string? GgmlTypeName { get; }

    /// <inheritdoc />
    public override IRowMatrix AsMatrix()
    {
        ElementDecoder? decoder = ElementDecoder.For(DType, GgmlTypeName);
        if (!IsMatrix || decoder is null)
        {
            string type = GgmlTypeName ?? DType.ToString();
            throw ModelError.InFile(
                ModelErrorCodes.NotAMatrix,
                _filePath,
                $"tensor '{Name}' ({type}, shape [{string.Join(", ", _shape)}]) cannot be read as a matrix: only two-dimensional {ElementDecoder.MatrixTypeNames} tensors can. Name a different tensor in the spec, or convert this one to one of those types.");
        }

        if (_shape[1] > int.MaxValue)
        {
            throw ModelError.InFile(
                ModelErrorCodes.NotAMatrix,
                _filePath,
                $"tensor '{Name}' has {_shape[1]} columns, more than the {int.MaxValue} a row matrix supports. Check that the tensor's dimensions are not swapped.");
        }

        if ((_shape[0] == 0 || _shape[1] == 0) && Math.Max(_shape[0], _shape[1]) > MaxEmptyDimension)
        {
            // No bytes back an empty matrix, so nothing in the file bounds its other dimension: [2^47, 0] would have a
            // reader loop over rows for ever, [0, 75M] allocate a row buffer of 300 MB, from a 576-byte file.
            throw ModelError.InFile(
                ModelErrorCodes.NotAMatrix,
                _filePath,
                $"tensor '{Excerpt.Of(Name)}' has shape [{_shape[0]}, {_shape[1]}]: an empty matrix may not declare more than {MaxEmptyDimension} rows or columns, which no bytes of the file back. The file is corrupt.");
        }

        return _data.CreateMatrix(Name, _shape[0], (int)_shape[1], decoder);
    }

    /// <inheritdoc />
    public override void CopyRawTo(Stream destination, CancellationToken cancellationToken) => _data.CopyTo(destination, cancellationToken);
}
