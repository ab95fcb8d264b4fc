using System.Buffers.Binary;
using System.Text;
using GroupReduce.Abstractions;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Finds the tokens a safetensors file carries in the artifact format's vocabulary convention
/// (<c>groupreduce.vocab.offsets</c> I64 [V + 1] and <c>groupreduce.vocab.bytes</c> U8): a model exported
/// that way carries its own tokens, as GGUF and word2vec files do, and an artifact read back as a model keeps them.
/// </summary>
internal static class SafetensorsVocabulary
{
    /// <summary>The offsets tensor's name.</summary>
    public const string OffsetsTensor = GroupReduce.Runtime.Format.TensorNames.VocabularyOffsets;

    /// <summary>The token bytes tensor's name.</summary>
    public const string BytesTensor = GroupReduce.Runtime.Format.TensorNames.VocabularyBytes;

    // Tokens are decoded into strings up front; a limit keeps a lying header from asking for gigabytes.
    private const long MaxBytes = 1L << 30;


    /// <summary>Reads the vocabulary when both tensors are present; null when neither is.</summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="tensors">The file's tensors.</param>
    /// <returns>The tokens in row order, or null.</returns>
    public static IReadOnlyList<string>? Read(string path, IReadOnlyList<ModelTensor> tensors)
    {
        ModelTensor? offsets = tensors.FirstOrDefault(t => t.Name == OffsetsTensor);
        ModelTensor? bytes = tensors.FirstOrDefault(t => t.Name == BytesTensor);
        if (offsets is null && bytes is null)
        {
            return null;
        }

        if (offsets is null || bytes is null)
        {
            throw Invalid(path, $"it has '{(offsets ?? bytes)!.Name}' but not '{(offsets is null ? OffsetsTensor : BytesTensor)}'; a vocabulary needs both. Export both tensors or neither");
        }

        if (offsets.DType != TensorDType.I64 || offsets.Shape.Count != 1 || offsets.Shape[0] < 1)
        {
            throw Invalid(path, $"'{OffsetsTensor}' must be I64 of shape [tokens + 1], not {offsets.DType} [{string.Join(", ", offsets.Shape)}]");
        }

        if (bytes.DType != TensorDType.U8 || bytes.Shape.Count != 1)
        {
            throw Invalid(path, $"'{BytesTensor}' must be U8 of one dimension, not {bytes.DType} [{string.Join(", ", bytes.Shape)}]");
        }

        if (bytes.ByteLength > MaxBytes || offsets.ByteLength > MaxBytes)
        {
            throw Invalid(path, $"the vocabulary tensors hold {offsets.ByteLength + bytes.ByteLength} bytes, over the {MaxBytes} byte limit");
        }

        byte[] offsetBytes = ReadAll(offsets);
        byte[] tokenBytes = ReadAll(bytes);
        int count = (int)(offsets.Shape[0] - 1);
        var tokens = new string[count];
        long previous = BinaryPrimitives.ReadInt64LittleEndian(offsetBytes);
        if (previous != 0)
        {
            throw Invalid(path, $"'{OffsetsTensor}' must start at 0, not {previous}");
        }

        for (int i = 0; i < count; i++)
        {
            long next = BinaryPrimitives.ReadInt64LittleEndian(offsetBytes.AsSpan((i + 1) * 8));
            if (next < previous || next > tokenBytes.Length)
            {
                throw Invalid(path, $"'{OffsetsTensor}'[{i + 1}] is {next}; offsets must not decrease and must stay within the {tokenBytes.Length} token bytes (token {i} starts at {previous})");
            }

            try
            {
                tokens[i] = StrictUtf8.Encoding.GetString(tokenBytes, (int)previous, (int)(next - previous));
            }
            catch (DecoderFallbackException)
            {
                throw Invalid(path, $"token {i} (bytes {previous}–{next} of '{BytesTensor}') is not valid UTF-8");
            }

            previous = next;
        }

        if (previous != tokenBytes.Length)
        {
            throw Invalid(path, $"'{OffsetsTensor}' ends at {previous} but '{BytesTensor}' holds {tokenBytes.Length} bytes; the last offset must equal the byte count");
        }

        return tokens;
    }

    private static byte[] ReadAll(ModelTensor tensor)
    {
        using var buffer = new MemoryStream((int)tensor.ByteLength);
        tensor.CopyRawTo(buffer, CancellationToken.None);
        return buffer.ToArray();
    }

    private static GroupReduceException Invalid(string path, string detail) =>
        ModelError.InFile(ModelErrorCodes.VocabularyTensorsInvalid, path, $"the vocabulary tensors are inconsistent: {detail}.");
}
