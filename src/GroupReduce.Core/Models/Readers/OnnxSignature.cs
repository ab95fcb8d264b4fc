namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Recognises an ONNX <c>ModelProto</c> from its first bytes, conservatively: it must open with <c>ir_version</c>
/// (field 1, tag <c>0x08</c>, which every exporter writes first) holding a plausible version, and every field after it
/// that lies in the head must be a <c>ModelProto</c> field with its own wire type and a length that fits the file, until
/// the <c>graph</c>'s tag (field 7) is seen. This only walks field tags to tell the format; <see cref="OnnxReader"/> parses with
/// Google.Protobuf.
/// </summary>
internal static class OnnxSignature
{
    // IR versions run 1 (2017) to 11 (2025); room for future ones, but a small number.
    private const ulong MaxIrVersion = 64;

    /// <summary>Whether the head is the start of an ONNX model.</summary>
    /// <param name="head">The file's first bytes.</param>
    /// <param name="length">The file's full length.</param>
    /// <returns>Whether it is ONNX.</returns>
    public static bool Matches(ReadOnlySpan<byte> head, long length)
    {
        if (head.Length < 2 || head[0] != 0x08)
        {
            return false;
        }

        int position = 1;
        if (!TryReadVarint(head, ref position, out ulong irVersion) || irVersion is 0 or > MaxIrVersion)
        {
            return false;
        }

        while (position < head.Length)
        {
            if (!TryReadVarint(head, ref position, out ulong tag))
            {
                return false;
            }

            ulong field = tag >> 3;
            int wireType = (int)(tag & 7);
            if (!IsModelField(field, wireType))
            {
                return false;
            }

            if (wireType == 0)
            {
                if (!TryReadVarint(head, ref position, out _))
                {
                    return false;
                }
            }
            else
            {
                if (!TryReadVarint(head, ref position, out ulong size))
                {
                    return false;
                }

                // Reaching the graph's tag is signal enough; a graph cut short is the reader's to report as truncated.
                if (field == 7)
                {
                    return true;
                }

                if (size > (ulong)(length - position))
                {
                    return false;
                }

                position += (int)Math.Min(size, (ulong)(head.Length - position));
            }
        }

        return false;
    }

    // ModelProto's fields (onnx.proto): ir_version 1 and model_version 5 are varints; producer_name 2, producer_version 3,
    // domain 4, doc_string 6, graph 7, opset_import 8, metadata_props 14, training_info 20, functions 25 and
    // configuration 26 are length-delimited.
    private static bool IsModelField(ulong field, int wireType) => field switch
    {
        1 or 5 => wireType == 0,
        2 or 3 or 4 or 6 or 7 or 8 or 14 or 20 or 25 or 26 => wireType == 2,
        _ => false,
    };

    // A varint of at most 10 bytes that ends inside the head.
    private static bool TryReadVarint(ReadOnlySpan<byte> head, ref int position, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64 && position < head.Length; shift += 7)
        {
            byte b = head[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
