using System.Globalization;
using Google.Protobuf;
using GroupReduce.Core.Models;
using GroupReduce.Core.Models.Readers;
using GroupReduce.Core.Models.Mapping;
using GroupReduce.Core.Models.Tensors;
using Onnx;

namespace GroupReduce.Core.Artifacts.Onnx;

/// <summary>
/// Writes an ONNX model's external data file: the bytes of the initializers the input kept in its own data files
/// (copied unchanged) and of every initializer with at least a threshold of <c>raw_data</c>, each at a 64-byte aligned
/// offset, and points those initializers at it (<c>location</c>, <c>offset</c>, <c>length</c>).
/// </summary>
internal static class OnnxDataFile
{
    private const int Alignment = 64;

    /// <summary>Writes the data and rewrites the initializers' entries.</summary>
    /// <param name="stream">The data file.</param>
    /// <param name="graph">The graph whose initializers move.</param>
    /// <param name="modelPath">The input model, whose folder holds its own data files.</param>
    /// <param name="location">The data file's name as the model refers to it (beside the model).</param>
    /// <param name="threshold">Inline initializers with fewer raw bytes than this stay inline.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public static void Write(Stream stream, GraphProto graph, string modelPath, string location, int threshold, CancellationToken cancellationToken)
    {
        var source = new OnnxExternalData(modelPath);
        try
        {
            long offset = 0;
            foreach (TensorProto tensor in graph.Initializer)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bool wasExternal = tensor.DataLocation == TensorProto.Types.DataLocation.External;
                if (!wasExternal && tensor.RawData.Length < threshold)
                {
                    continue;
                }

                offset = Pad(stream, offset);
                long length;
                if (wasExternal)
                {
                    length = ByteLength(tensor, modelPath);
                    (MappedFile file, long from) = source.Locate(tensor, length);
                    for (long done = 0; done < length; done += int.MaxValue / 2)
                    {
                        int chunk = (int)Math.Min(int.MaxValue / 2, length - done);
                        stream.Write(file.Span(from + done, chunk));
                    }
                }
                else
                {
                    length = tensor.RawData.Length;
                    tensor.RawData.WriteTo(stream);
                    tensor.RawData = ByteString.Empty;
                }

                tensor.DataLocation = TensorProto.Types.DataLocation.External;
                tensor.ExternalData.Clear();
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(CultureInfo.InvariantCulture) });
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = length.ToString(CultureInfo.InvariantCulture) });
                offset += length;
            }
        }
        finally
        {
            foreach (MappedFile file in source.Files)
            {
                file.Dispose();
            }
        }
    }

    private static long Pad(Stream stream, long offset)
    {
        int padding = (int)((Alignment - (offset % Alignment)) % Alignment);
        stream.Write(new byte[padding]);
        return offset + padding;
    }

    // The initializer's byte count from its dims and type (the reader checked 'length' against it for the types it reads).
    private static long ByteLength(TensorProto tensor, string modelPath)
    {
        if (OnnxTensorTypes.ToDType(tensor.DataType) is { } dtype && ShapeMath.TryByteLength([.. tensor.Dims], OnnxTensorTypes.ElementSize(dtype), out long bytes))
        {
            return bytes;
        }

        foreach (StringStringEntryProto entry in tensor.ExternalData)
        {
            if (entry.Key == "length" && long.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long declared))
            {
                return declared;
            }
        }

        throw ModelError.InFile(
            ModelErrorCodes.OnnxExternalDataInvalid,
            modelPath,
            $"initializer '{Excerpt.Of(tensor.Name)}' is kept in external data, its type ({tensor.DataType}) has no fixed size here and its entry gives no 'length'. Re-save the model with onnx.save_model(..., save_as_external_data=True), which writes the length.");
    }
}
