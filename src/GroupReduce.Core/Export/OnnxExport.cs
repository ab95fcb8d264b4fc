using System.Globalization;
using Google.Protobuf;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Models;
using Onnx;

namespace GroupReduce.Core.Export;

/// <summary>
/// Writes an export as an ONNX <c>ModelProto</c> (the OnnxSharp messages, serialised by Google.Protobuf): a graph with no
/// nodes whose initializers are the tensors (<c>raw_data</c>, little-endian), opset 17 of the default domain, and the
/// metadata as <c>metadata_props</c>. A model protobuf cannot exceed 2 GB; when the tensors would take it past that, every
/// initializer goes to one external data file, <c>OUT.data</c> beside the model (location relative, as <c>onnx.save_model(...,
/// save_as_external_data=True)</c> writes it). Both files are staged and committed data first, model last.
/// </summary>
internal static class OnnxExport
{
    /// <summary>The opset of the default domain the model declares.</summary>
    public const long Opset = 17;

    /// <summary>The IR version that goes with <see cref="Opset"/>.</summary>
    public const long IrVersion = 8;

    /// <summary>The most bytes a protobuf message may hold.</summary>
    public const long ProtobufLimit = int.MaxValue;

    // Like onnx.save_model: tensors of 1 MiB and more start at a multiple of 64 KiB in the data file, so a runtime can map them.
    private const long AlignThreshold = 1 << 20;
    private const long Alignment = 1 << 16;

    /// <summary>Writes the model (and its external data when needed).</summary>
    /// <param name="source">The tensors and metadata.</param>
    /// <param name="path">The full output path.</param>
    /// <param name="inlineLimit">The largest model written in one file (<see cref="ProtobufLimit"/>; tests pass less).</param>
    /// <param name="cancellationToken">Stops the write; nothing is left behind.</param>
    /// <returns>The files written and their bytes.</returns>
    public static (IReadOnlyList<string> Files, long Bytes) Write(ExportSource source, string path, long inlineLimit, CancellationToken cancellationToken)
    {
        ModelProto model = Skeleton(source);
        long size = model.CalculateSize() + source.Tensors.Sum(t => t.ByteLength + 16);
        if (size <= inlineLimit)
        {
            foreach ((ExportedTensor tensor, TensorProto initializer) in source.Tensors.Zip(model.Graph.Initializer))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var bytes = new MemoryStream(checked((int)tensor.ByteLength));
                tensor.WriteData(bytes);
                initializer.RawData = UnsafeByteOperations.UnsafeWrap(bytes.GetBuffer().AsMemory(0, (int)bytes.Length));
            }

            using StagedFile staged = StagedFile.Write(path, model.WriteTo, cancellationToken);
            staged.Commit();
            return ([path], staged.Length);
        }

        string dataPath = OutputNames.ExternalDataPath(path);
        string location = Path.GetFileName(dataPath);
        using StagedFile data = StagedFile.Write(dataPath, stream => WriteData(source, model, location, stream, cancellationToken), cancellationToken);
        using StagedFile onnx = StagedFile.Write(path, model.WriteTo, cancellationToken);
        data.Commit();
        onnx.Commit();
        return ([path, dataPath], data.Length + onnx.Length);
    }

    /// <summary>The ONNX data type of a safetensors dtype.</summary>
    /// <param name="dtype">The dtype name.</param>
    /// <returns>The <c>TensorProto.DataType</c>.</returns>
    public static TensorProto.Types.DataType DataType(string dtype) => dtype switch
    {
        SafetensorsDType.F64 => TensorProto.Types.DataType.Double,
        SafetensorsDType.F32 => TensorProto.Types.DataType.Float,
        SafetensorsDType.F16 => TensorProto.Types.DataType.Float16,
        SafetensorsDType.BF16 => TensorProto.Types.DataType.Bfloat16,
        SafetensorsDType.I64 => TensorProto.Types.DataType.Int64,
        SafetensorsDType.I32 => TensorProto.Types.DataType.Int32,
        SafetensorsDType.I16 => TensorProto.Types.DataType.Int16,
        SafetensorsDType.I8 => TensorProto.Types.DataType.Int8,
        SafetensorsDType.U64 => TensorProto.Types.DataType.Uint64,
        SafetensorsDType.U32 => TensorProto.Types.DataType.Uint32,
        SafetensorsDType.U16 => TensorProto.Types.DataType.Uint16,
        SafetensorsDType.U8 => TensorProto.Types.DataType.Uint8,
        SafetensorsDType.Bool => TensorProto.Types.DataType.Bool,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "not a safetensors dtype"),
    };

    // The model with every initializer's name, type and dims, but no data yet.
    private static ModelProto Skeleton(ExportSource source)
    {
        var graph = new GraphProto { Name = "groupreduce_export" };
        foreach (ExportedTensor tensor in source.Tensors)
        {
            var initializer = new TensorProto { Name = tensor.Name, DataType = (int)DataType(tensor.DType) };
            initializer.Dims.AddRange(tensor.Shape);
            graph.Initializer.Add(initializer);
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "groupreduce",
            ProducerVersion = ToolVersion.Current,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        foreach ((string key, string value) in source.Metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    private static void WriteData(ExportSource source, ModelProto model, string location, Stream stream, CancellationToken cancellationToken)
    {
        long offset = 0;
        foreach ((ExportedTensor tensor, TensorProto initializer) in source.Tensors.Zip(model.Graph.Initializer))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (tensor.ByteLength >= AlignThreshold && offset % Alignment != 0)
            {
                long padding = Alignment - (offset % Alignment);
                stream.Write(new byte[padding]);
                offset += padding;
            }

            tensor.WriteData(stream);
            initializer.DataLocation = TensorProto.Types.DataLocation.External;
            initializer.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
            initializer.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(CultureInfo.InvariantCulture) });
            initializer.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = tensor.ByteLength.ToString(CultureInfo.InvariantCulture) });
            offset += tensor.ByteLength;
        }
    }
}
