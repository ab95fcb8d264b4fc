using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using GroupReduce.Abstractions;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Models;
using GroupReduce.Core.Models.Readers;
using GroupReduce.Core.Models.Tensors;
using GroupReduce.Runtime.Format;

namespace GroupReduce.Core.Export;

/// <summary>
/// Writes an export as one GGUF file, for an artifact made from a GGUF model: the input's header (magic, version, every
/// key/value verbatim, from <see cref="MetadataKeys.GgufMetadata"/>) with the tensor count set, one tensor info per tensor
/// (name, <c>ne</c> innermost first, GGML type, offset), then the data section at the next multiple of
/// <c>general.alignment</c> with every tensor starting at a multiple of it. A rebuilt matrix is F16 when the input stored
/// it in a GGML block type (F32, F16, BF16 and F64 stay as they were); every other tensor keeps its GGML type and bytes;
/// the artifact's vocabulary tensors are left out, since <c>tokenizer.ggml.tokens</c> is in the metadata. Staged, so
/// nothing is left behind on failure.
/// </summary>
internal static class GgufExport
{
    private const int MaxDimensions = 4;
    private const int TensorCountAt = 8;
    private const uint DefaultAlignment = 32;

    /// <summary>Writes the file.</summary>
    /// <param name="source">The tensors, the manifest and the GGUF metadata.</param>
    /// <param name="path">The full output path.</param>
    /// <param name="cancellationToken">Stops the write; nothing is left behind.</param>
    /// <returns>The bytes written and the tensors the file holds.</returns>
    /// <exception cref="GroupReduceException">
    /// <see cref="ModelErrorCodes.ExportGgufNeedsGgufInput"/> for an artifact made from another format (or one without the
    /// GGUF metadata); <see cref="ArtifactErrorCodes.Corrupt"/> when the metadata or a tensor does not hold up.
    /// </exception>
    public static (long Bytes, int Tensors) Write(ExportSource source, string path, CancellationToken cancellationToken)
    {
        string artifact = System.IO.Path.GetFileName(source.Path);
        string input = source.Manifest.Input.Format;
        if (source.GgufMetadata is not { } text)
        {
            string why = input == "gguf"
                ? $"it was made from the GGUF model {source.Manifest.Input.File} by an older GroupReduce that did not keep the GGUF metadata ('{MetadataKeys.GgufMetadata}'). Compress the GGUF model again with this version"
                : $"it was made from a {input} model ({source.Manifest.Input.File}), and a GGUF file needs the metadata (architecture, tokenizer) that only a GGUF input carries. Export to --format safetensors, onnx or npy, or compress the GGUF model instead";
            throw new GroupReduceException(ModelErrorCodes.ExportGgufNeedsGgufInput, $"{artifact}: cannot export to GGUF: {why}.", SourceLocation.OfFile(source.Path));
        }

        byte[] header = Decode(source, text);
        uint alignment = Alignment(source, header);
        HashSet<string> vocabulary = source.Manifest.Vocabulary is { } v ? [v.Offsets, v.Bytes] : [];
        List<(ExportedTensor Tensor, GgmlType Type, ulong[] Ne)> tensors = [.. source.Tensors.Where(t => !vocabulary.Contains(t.Name)).Select(t => Describe(source, t))];

        using StagedFile staged = StagedFile.Write(path, stream => WriteFile(stream, header, alignment, tensors, cancellationToken), cancellationToken);
        staged.Commit();
        return (staged.Length, tensors.Count);
    }

    private static byte[] Decode(ExportSource source, string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw Damaged(source, $"its '{MetadataKeys.GgufMetadata}' is not base64 ({e.Message.TrimEnd('.')})", e);
        }
    }

    // The GGUF reader judges the kept header as it judged the input (keys, types, array lengths, general.alignment).
    private static uint Alignment(ExportSource source, byte[] header)
    {
        try
        {
            using LoadedModelFile gguf = GgufReader.ReadHeader($"{source.Path} ({MetadataKeys.GgufMetadata})", header);
            return gguf.Metadata.TryGetValue(GgufReader.AlignmentKey, out string? value) ? uint.Parse(value, CultureInfo.InvariantCulture) : DefaultAlignment;
        }
        catch (GroupReduceException e) when (e.Code != ModelErrorCodes.TemporaryFileFailed)
        {
            throw Damaged(source, $"its '{MetadataKeys.GgufMetadata}' is not a GGUF header: {e.Message.TrimEnd('.')}", e);
        }
    }

    // The GGML type and ne of a tensor: a raw tensor's from the manifest, a float or integer tensor's from its dtype, whose
    // names GGML shares. The size must be what the type and shape give, or the file would be misread.
    private static (ExportedTensor, GgmlType, ulong[]) Describe(ExportSource source, ExportedTensor tensor)
    {
        ManifestRawTensor? raw = source.Manifest.RawTensors.FirstOrDefault(r => r.Tensor == tensor.Name);
        string typeName = raw?.GgmlType ?? tensor.DType;
        IReadOnlyList<long> shape = raw?.Shape ?? tensor.Shape;
        GgmlType type = GgmlType.Named(typeName)
            ?? throw Damaged(source, $"tensor '{Excerpt.Of(tensor.Name)}' is {Excerpt.Of(typeName)}, which GGUF has no type for");
        if (shape.Count > MaxDimensions || shape.Any(d => d < 0))
        {
            throw Damaged(source, $"tensor '{Excerpt.Of(tensor.Name)}' has shape [{string.Join(", ", shape)}]; GGUF holds 1 to {MaxDimensions} dimensions");
        }

        // ggml lists ne0, the fastest-varying dimension, first: the reverse of the shape. A scalar is one element.
        ulong[] ne = shape.Count == 0 ? [1] : [.. shape.Reverse().Select(d => (ulong)d)];
        if (!ShapeMath.TryElementCount([.. shape], out long elements) || (long)ne[0] % type.BlockElements != 0
            || elements / type.BlockElements > long.MaxValue / type.BlockBytes || elements / type.BlockElements * type.BlockBytes != tensor.ByteLength)
        {
            throw Damaged(source, $"tensor '{Excerpt.Of(tensor.Name)}' ({type.Name}, shape [{string.Join(", ", shape)}]) holds {tensor.ByteLength} bytes, not what its type and shape give");
        }

        return (tensor, type, ne);
    }

    private static void WriteFile(Stream stream, byte[] header, uint alignment, List<(ExportedTensor Tensor, GgmlType Type, ulong[] Ne)> tensors, CancellationToken cancellationToken)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(TensorCountAt), (ulong)tensors.Count);
        using var infos = new MemoryStream();
        using (var writer = new BinaryWriter(infos, Encoding.UTF8, leaveOpen: true))
        {
            ulong offset = 0;
            foreach ((ExportedTensor tensor, GgmlType type, ulong[] ne) in tensors)
            {
                byte[] name = Encoding.UTF8.GetBytes(tensor.Name);
                writer.Write((ulong)name.Length);
                writer.Write(name);
                writer.Write((uint)ne.Length);
                foreach (ulong dimension in ne)
                {
                    writer.Write(dimension);
                }

                writer.Write((uint)type.Id);
                writer.Write(offset);
                offset = AlignUp(offset + (ulong)tensor.ByteLength, alignment);
            }
        }

        stream.Write(header);
        infos.WriteTo(stream);
        long position = header.Length + infos.Length;
        Pad(stream, ref position, alignment);
        foreach ((ExportedTensor tensor, _, _) in tensors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            tensor.WriteData(stream);
            position += tensor.ByteLength;
            Pad(stream, ref position, alignment);
        }
    }

    private static void Pad(Stream stream, ref long position, uint alignment)
    {
        long padded = (long)AlignUp((ulong)position, alignment);
        stream.Write(new byte[padded - position]);
        position = padded;
    }

    private static ulong AlignUp(ulong value, uint alignment) => (value + alignment - 1) / alignment * alignment;

    private static GroupReduceException Damaged(ExportSource source, string problem, Exception? inner = null) =>
        new(ArtifactErrorCodes.Corrupt, $"{System.IO.Path.GetFileName(source.Path)}: cannot export to GGUF: {problem}. The artifact is damaged; compress the GGUF model again.", SourceLocation.OfFile(source.Path), inner);
}
