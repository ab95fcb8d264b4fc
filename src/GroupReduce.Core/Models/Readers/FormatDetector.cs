using System.Buffers.Binary;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Recognises a model file from its first bytes, never its name: magic numbers for GGUF, .npy and zip
/// (.npz); an 8-byte little-endian length followed by <c>{</c> for safetensors; a <c>rows columns</c>
/// line for word2vec (text when the next line is a token and that many numbers, binary otherwise);
/// a token followed by numbers for GloVe; a protobuf <c>ModelProto</c> (see <see cref="OnnxSignature"/>) for ONNX.
/// </summary>
internal static class FormatDetector
{
    /// <summary>How many leading bytes detection looks at.</summary>
    public const int HeadBytes = 1 << 20;

    /// <summary>The formats recognised, for messages.</summary>
    public const string Recognised = "safetensors, GGUF (v2/v3), NumPy .npy, NumPy .npz, word2vec binary, word2vec text, GloVe text, ONNX";

    /// <summary>Detects the format.</summary>
    /// <param name="head">The file's first bytes (up to <see cref="HeadBytes"/>).</param>
    /// <param name="length">The file's full length.</param>
    /// <returns>The format, or <see langword="null"/> when none matches.</returns>
    public static ModelFormat? Detect(ReadOnlySpan<byte> head, long length)
    {
        if (head.StartsWith("GGUF"u8))
        {
            return ModelFormat.Gguf;
        }

        if (NpyHeader.HasMagic(head))
        {
            return ModelFormat.Npy;
        }

        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8))
        {
            return ModelFormat.Npz;
        }

        // A header length under 2^56 has a zero top byte, which no text format starts with; the JSON
        // object follows at byte 8. The reader then judges whether the length is plausible.
        if (head.Length >= 9 && head[7] == 0 && head[8] == (byte)'{' && BinaryPrimitives.ReadUInt64LittleEndian(head) >= 2)
        {
            return ModelFormat.Safetensors;
        }

        // Tag 0x08 is a control byte, which no text format starts with.
        if (OnnxSignature.Matches(head, length))
        {
            return ModelFormat.Onnx;
        }

        return DetectText(head, complete: head.Length == length);
    }

    private static ModelFormat? DetectText(ReadOnlySpan<byte> head, bool complete)
    {
        if (head.StartsWith("\uFEFF"u8))
        {
            head = head[3..];
        }

        ReadOnlySpan<byte> first = SplitLine(head, complete, out ReadOnlySpan<byte> rest, out bool firstComplete);
        if (first.IsEmpty || !IsText(first))
        {
            return null;
        }

        if (firstComplete && EmbeddingText.TryParseHeader(first, out _, out long columns))
        {
            ReadOnlySpan<byte> second = SplitLine(rest, complete, out _, out bool secondComplete);
            bool text = second.IsEmpty || (IsText(second) && IsTokenAndNumbers(second, secondComplete, out int count) && (secondComplete ? count == columns : count <= columns));
            return text ? ModelFormat.Word2VecText : ModelFormat.Word2VecBinary;
        }

        return IsTokenAndNumbers(first, firstComplete, out int values) && values >= 1 ? ModelFormat.Word2VecText : null;
    }

    private static ReadOnlySpan<byte> SplitLine(ReadOnlySpan<byte> bytes, bool complete, out ReadOnlySpan<byte> rest, out bool lineComplete)
    {
        int newline = bytes.IndexOf((byte)'\n');
        if (newline < 0)
        {
            rest = default;
            lineComplete = complete;
            return EmbeddingText.TrimEnd(bytes);
        }

        rest = bytes[(newline + 1)..];
        lineComplete = true;
        return EmbeddingText.TrimEnd(bytes[..newline]);
    }

    // A token then numbers; when the line is cut off by the end of the head, its last field may be partial and is not judged.
    private static bool IsTokenAndNumbers(ReadOnlySpan<byte> line, bool complete, out int values)
    {
        values = 0;
        if (EmbeddingText.NextField(ref line, out _).IsEmpty)
        {
            return false;
        }

        while (true)
        {
            ReadOnlySpan<byte> field = EmbeddingText.NextField(ref line, out _);
            if (field.IsEmpty)
            {
                return true;
            }

            if (!complete && line.IsEmpty)
            {
                return values >= 1;
            }

            if (!EmbeddingText.TryParseFloat(field, out _))
            {
                return false;
            }

            values++;
        }
    }

    // Control bytes mark binary data. Valid UTF-8 is not required: some published embeddings hold broken
    // token bytes, which the readers decode with replacement characters.
    private static bool IsText(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }
}
