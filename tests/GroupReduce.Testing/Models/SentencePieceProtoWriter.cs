using Google.Protobuf;

namespace GroupReduce.Testing.Models;

/// <summary>
/// Writes a SentencePiece <c>ModelProto</c> field by field from the published sentencepiece_model.proto (pieces = 1
/// {piece = 1, score = 2, type = 3}; trainer_spec = 2 {model_type = 3, vocab_size = 4, unk_id = 40, bos_id = 41,
/// eos_id = 42, pad_id = 43}; normalizer_spec = 3 {name = 1, add_dummy_prefix = 3, remove_extra_whitespaces = 4,
/// escape_whitespaces = 5}), independently of the library that reads it.
/// </summary>
public static class SentencePieceProtoWriter
{
    /// <summary>A normal piece.</summary>
    public const int Normal = 1;

    /// <summary>The unknown piece.</summary>
    public const int Unknown = 2;

    /// <summary>A control piece (BOS, EOS).</summary>
    public const int Control = 3;

    /// <summary>A Unigram model (model_type 1) with the given pieces; unk 0, bos 1, eos 2, no pad.</summary>
    /// <param name="pieces">The pieces in id order.</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] Unigram(IReadOnlyList<(string Piece, float Score, int Type)> pieces)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        foreach ((string piece, float score, int type) in pieces)
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(Message(o =>
            {
                o.WriteTag(1, WireFormat.WireType.LengthDelimited);
                o.WriteString(piece);
                o.WriteTag(2, WireFormat.WireType.Fixed32);
                o.WriteFloat(score);
                o.WriteTag(3, WireFormat.WireType.Varint);
                o.WriteInt32(type);
            }));
        }

        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(Message(o =>
        {
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteInt32(1);
            o.WriteTag(4, WireFormat.WireType.Varint);
            o.WriteInt32(pieces.Count);
            o.WriteTag(40, WireFormat.WireType.Varint);
            o.WriteInt32(0);
            o.WriteTag(41, WireFormat.WireType.Varint);
            o.WriteInt32(1);
            o.WriteTag(42, WireFormat.WireType.Varint);
            o.WriteInt32(2);
            o.WriteTag(43, WireFormat.WireType.Varint);
            o.WriteInt32(-1);
        }));
        output.WriteTag(3, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString("identity");
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteBool(true);
            o.WriteTag(4, WireFormat.WireType.Varint);
            o.WriteBool(true);
            o.WriteTag(5, WireFormat.WireType.Varint);
            o.WriteBool(true);
        }));
        output.Flush();
        return buffer.ToArray();
    }

    /// <summary>A small model: unk, BOS, EOS, "▁hello", "▁world", "▁" and the letters of "helo".</summary>
    /// <returns>The file's bytes.</returns>
    public static byte[] Sample() => Unigram(
    [
        ("<unk>", 0, Unknown), ("<s>", 0, Control), ("</s>", 0, Control),
        ("▁hello", -1, Normal), ("▁world", -1.5f, Normal), ("▁", -2, Normal),
        ("h", -4, Normal), ("e", -4, Normal), ("l", -4, Normal), ("o", -4, Normal),
    ]);

    private static ByteString Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return ByteString.CopyFrom(buffer.ToArray());
    }
}
