using Google.Protobuf;
using GroupReduce.Core.Models.Mapping;
using GroupReduce.Core.Models.Tensors;
using Onnx;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Reads an ONNX model with Google.Protobuf (the OnnxSharp messages): every graph initializer of a type with a
/// <see cref="TensorDType"/> becomes a tensor under its name, its bytes from <c>raw_data</c>, the typed fields
/// (<c>float_data</c>, <c>int32_data</c>, …) or external data files beside the model. The model's
/// <c>metadata_props</c> are the metadata (and the vocabulary, when they carry <see cref="OnnxVocabulary.MetadataKey"/>),
/// and the graph's vocabulary matrices are found by <see cref="OnnxVocabularyFinder"/>.
/// Initializers of other types (strings, complex, float8, int4) are not listed.
/// </summary>
internal static class OnnxReader
{
    /// <summary>Parses the model and locates every initializer's bytes.</summary>
    /// <param name="file">The mapped .onnx file; the result owns it.</param>
    /// <returns>The model file.</returns>
    public static LoadedModelFile Read(MappedFile file)
    {
        string path = file.Path;
        ModelProto model = Parse(file);
        GraphProto graph = model.Graph ?? throw ModelError.InFile(
            ModelErrorCodes.OnnxModelInvalid,
            path,
            "the ONNX model has no graph. Re-export the model; an ONNX file needs its graph and initializers.");

        var external = new OnnxExternalData(path);
        var resources = new List<IDisposable> { file };
        MappedFile? inlineFile = null;
        try
        {
            var pending = new List<Pending>(graph.Initializer.Count);
            var names = new HashSet<string>(StringComparer.Ordinal);
            using var inline = new InlineBytes(path);
            foreach (TensorProto tensor in graph.Initializer)
            {
                if (OnnxTensorTypes.ToDType(tensor.DataType) is not { } dtype)
                {
                    continue;
                }

                if (!names.Add(tensor.Name))
                {
                    throw ModelError.InFile(ModelErrorCodes.DuplicateName, path, $"two initializers are named '{Excerpt.Of(tensor.Name)}'. The graph is invalid; re-export the model.");
                }

                long[] shape = [.. tensor.Dims];
                if (!ShapeMath.TryByteLength(shape, OnnxTensorTypes.ElementSize(dtype), out long byteLength))
                {
                    throw ModelError.InFile(
                        ModelErrorCodes.InvalidShape,
                        path,
                        $"initializer '{Excerpt.Of(tensor.Name)}' has dims {ShapeMath.Format(shape)}: a negative dimension or an element count that overflows. The model is corrupt; re-export it.");
                }

                if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
                {
                    (MappedFile data, long offset) = external.Locate(tensor, byteLength);
                    pending.Add(new Pending(tensor.Name, dtype, shape, byteLength, data, offset));
                }
                else
                {
                    pending.Add(new Pending(tensor.Name, dtype, shape, byteLength, null, inline.Add(tensor, dtype, byteLength)));
                }
            }

            resources.AddRange(external.Files);
            inlineFile = inline.Map();
            if (inlineFile is not null)
            {
                resources.Add(inlineFile);
            }

            var tensors = new List<ModelTensor>(pending.Count);
            foreach (Pending p in pending)
            {
                // Empty tensors have no bytes anywhere; a zero-length range of the model file stands for them.
                MappedFile source = p.Data ?? (p.ByteLength == 0 ? file : inlineFile!);
                long offset = p.ByteLength == 0 && p.Data is null ? 0 : p.Offset;
                tensors.Add(new StoredTensor(path, p.Name, p.DType, p.Shape, p.ByteLength, new MappedRange(source, offset, p.ByteLength)));
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (StringStringEntryProto entry in model.MetadataProps)
            {
                metadata[entry.Key] = entry.Value;
            }

            var matrices = tensors.Where(t => t.IsMatrix).ToDictionary(t => t.Name, StringComparer.Ordinal);
            IReadOnlyList<VocabularyMatrix> vocabularyMatrices = OnnxVocabularyFinder.Find(graph, matrices);
            IReadOnlyList<string>? tokens = metadata.TryGetValue(OnnxVocabulary.MetadataKey, out string? text) ? OnnxVocabulary.Parse(text) : null;
            return new LoadedModelFile(path, ModelFormat.Onnx, tensors, tokens, metadata, resources, vocabularyMatrices, [.. external.Files.Select(f => System.IO.Path.GetFullPath(f.Path))]);
        }
        catch
        {
            // The caller disposes the model file itself; the data files and the inline copy mapped here are this reader's to release.
            foreach (MappedFile data in external.Files)
            {
                data.Dispose();
            }

            inlineFile?.Dispose();

            throw;
        }
    }

    private static ModelProto Parse(MappedFile file)
    {
        if (file.Length > int.MaxValue)
        {
            throw ModelError.InFile(
                ModelErrorCodes.OnnxModelInvalid,
                file.Path,
                $"the ONNX file is {file.Length} bytes, over protobuf's 2 GB message limit. Save large initializers as external data (onnx.save_model(..., save_as_external_data=True)).");
        }

        try
        {
            return ModelProto.Parser.ParseFrom(file.Span(0, (int)file.Length));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw ModelError.InFile(
                ModelErrorCodes.OnnxModelInvalid,
                file.Path,
                $"not a valid ONNX ModelProto: {e.Message} The file is truncated or corrupt; re-download or re-export it.",
                e);
        }
    }

    private sealed record Pending(string Name, TensorDType DType, long[] Shape, long ByteLength, MappedFile? Data, long Offset);
}
