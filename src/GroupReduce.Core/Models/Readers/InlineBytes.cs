using GroupReduce.Core.Models.Mapping;
using GroupReduce.Core.Models.Tensors;
using Onnx;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Gathers the bytes of ONNX initializers stored in the model itself (<c>raw_data</c> or a typed field) into one
/// temporary file, mapped when all are in, so that they are read like every other format's mapped tensors and the
/// parsed protobuf need not stay in memory. Google.Protobuf copies <c>raw_data</c> while parsing and tells no offset
/// into the file, so the .onnx itself cannot be mapped in place.
/// </summary>
internal sealed class InlineBytes : IDisposable
{
    private readonly string _modelPath;
    private FileStream? _temporary;
    private long _length;

    /// <summary>Starts an empty collection.</summary>
    /// <param name="modelPath">The .onnx file, for messages.</param>
    public InlineBytes(string modelPath) => _modelPath = modelPath;

    /// <summary>Appends an initializer's bytes after checking them against its dims.</summary>
    /// <param name="tensor">The initializer.</param>
    /// <param name="dtype">Its element type.</param>
    /// <param name="byteLength">The byte length its dims and type give.</param>
    /// <returns>The offset of its first byte in the temporary file.</returns>
    public long Add(TensorProto tensor, TensorDType dtype, long byteLength)
    {
        ReadOnlySpan<byte> bytes;
        if (!tensor.RawData.IsEmpty)
        {
            bytes = tensor.RawData.Span;
            Check(tensor, bytes.Length, byteLength, "raw_data holds");
        }
        else
        {
            byte[] typed = OnnxTensorTypes.TypedBytes(tensor, dtype, out long count);
            Check(tensor, typed.Length, byteLength, $"its typed data holds {count} values,");
            bytes = typed;
        }

        if (bytes.IsEmpty)
        {
            return 0;
        }

        long offset = _length;
        try
        {
            _temporary ??= TemporaryFile.Create(_modelPath);
            _temporary.Write(bytes);
        }
        catch (IOException e)
        {
            throw TemporaryFile.Failed(_modelPath, e);
        }

        _length += bytes.Length;
        return offset;
    }

    /// <summary>Maps the gathered bytes; the caller owns the mapping. <see langword="null"/> when no initializer had bytes inline.</summary>
    /// <returns>The mapping, or <see langword="null"/>.</returns>
    public MappedFile? Map()
    {
        if (_temporary is null)
        {
            return null;
        }

        FileStream stream = _temporary;
        _temporary = null;
        try
        {
            return MappedFile.FromStream(_modelPath, stream);
        }
        catch (IOException e)
        {
            throw TemporaryFile.Failed(_modelPath, e);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _temporary?.Dispose();

    private void Check(TensorProto tensor, long actual, long expected, string what)
    {
        if (actual != expected)
        {
            throw ModelError.InFile(
                ModelErrorCodes.OnnxTensorLengthMismatch,
                _modelPath,
                $"initializer '{Excerpt.Of(tensor.Name)}': {what} {actual} bytes but its dims {ShapeMath.Format(tensor.Dims)} and data type give {expected}. The model is corrupt; re-export it.");
        }
    }
}
