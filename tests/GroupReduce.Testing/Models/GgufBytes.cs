using System.Text;

namespace GroupReduce.Testing.Models;

/// <summary>
/// Assembles GGUF files byte by byte from the published layout: magic, version, tensor count, key/value
/// count, the key/values, the tensor infos, padding to the alignment, then each tensor's data at its
/// (aligned) offset.
/// </summary>
public sealed class GgufBytes
{
    public const uint U8 = 0, I8 = 1, U16 = 2, I16 = 3, U32 = 4, I32 = 5, F32 = 6, Bool = 7, Str = 8, Arr = 9, U64 = 10, I64 = 11, F64 = 12;

    private readonly List<byte[]> _keyValues = [];
    private readonly List<(string Name, ulong[] Ne, uint Type, byte[] Data, ulong? Offset)> _tensors = [];

    public uint Version { get; set; } = 3;

    /// <summary>The alignment used to lay out the data (add the <c>general.alignment</c> key separately).</summary>
    public uint Alignment { get; set; } = 32;

    public GgufBytes KeyValue(string key, uint type, byte[] payload)
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        WriteString(writer, key);
        writer.Write(type);
        writer.Write(payload);
        writer.Flush();
        _keyValues.Add(buffer.ToArray());
        return this;
    }

    public GgufBytes String(string key, string value) => KeyValue(key, Str, StringPayload(value));

    public GgufBytes UInt32(string key, uint value) => KeyValue(key, U32, BitConverter.GetBytes(value));

    public GgufBytes StringArray(string key, params string[] values)
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        writer.Write(Str);
        writer.Write((ulong)values.Length);
        foreach (string value in values)
        {
            WriteString(writer, value);
        }

        writer.Flush();
        return KeyValue(key, Arr, buffer.ToArray());
    }

    /// <summary>Adds a tensor; <paramref name="ne"/> is in ggml order (ne0 first, the fastest-varying).</summary>
    public GgufBytes Tensor(string name, ulong[] ne, uint ggmlType, byte[] data, ulong? offset = null)
    {
        _tensors.Add((name, ne, ggmlType, data, offset));
        return this;
    }

    public byte[] Build()
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        writer.Write("GGUF"u8);
        writer.Write(Version);
        writer.Write((ulong)_tensors.Count);
        writer.Write((ulong)_keyValues.Count);
        foreach (byte[] keyValue in _keyValues)
        {
            writer.Write(keyValue);
        }

        ulong next = 0;
        var offsets = new List<ulong>();
        foreach ((string name, ulong[] ne, uint type, byte[] data, ulong? offset) in _tensors)
        {
            ulong at = offset ?? next;
            offsets.Add(at);
            next = Align(Math.Max(next, at + (ulong)data.Length));
            WriteString(writer, name);
            writer.Write((uint)ne.Length);
            foreach (ulong dimension in ne)
            {
                writer.Write(dimension);
            }

            writer.Write(type);
            writer.Write(at);
        }

        writer.Flush();
        long dataStart = (long)Align((ulong)buffer.Length);
        for (int i = 0; i < _tensors.Count; i++)
        {
            buffer.Position = dataStart + (long)offsets[i];
            buffer.Write(_tensors[i].Data);
        }

        buffer.SetLength(Math.Max(buffer.Length, _tensors.Count == 0 ? buffer.Length : dataStart + (long)next));
        return buffer.ToArray();
    }

    public static byte[] StringPayload(string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        return [.. BitConverter.GetBytes((ulong)bytes.Length), .. bytes];
    }

    private ulong Align(ulong value) => (value + Alignment - 1) / Alignment * Alignment;

    private static void WriteString(BinaryWriter writer, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }
}
