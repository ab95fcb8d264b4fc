using System.Text;
using System.Text.Json.Nodes;
using GroupReduce.Runtime.Format;

namespace GroupReduce.Runtime.Tests.Hostile;

/// <summary>An artifact taken apart for editing: its header as JSON, its manifest as JSON, its data section as bytes.</summary>
internal sealed class ArtifactBytes
{
    private ArtifactBytes(JsonObject header, byte[] data)
    {
        Header = header;
        Data = data;
    }

    public JsonObject Header { get; }

    public byte[] Data { get; }

    public JsonObject Manifest
    {
        get => JsonNode.Parse((string)Metadata[MetadataKeys.Manifest]!)!.AsObject();
        set => Metadata[MetadataKeys.Manifest] = value.ToJsonString();
    }

    public JsonObject Metadata => Header["__metadata__"]!.AsObject();

    public static ArtifactBytes Parse(byte[] file)
    {
        long length = BitConverter.ToInt64(file, 0);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(file, 8, (int)length))!.AsObject();
        return new ArtifactBytes(header, file[(8 + (int)length)..]);
    }

    /// <summary>A safetensors file from raw header bytes (which need not be valid UTF-8 or JSON) and a data section.</summary>
    public static byte[] Raw(byte[] header, byte[] data)
    {
        var file = new byte[8 + header.Length + data.Length];
        BitConverter.GetBytes((long)header.Length).CopyTo(file, 0);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        return file;
    }

    public static byte[] Raw(string header, byte[] data) => Raw(Encoding.UTF8.GetBytes(header), data);

    /// <summary>Edits the manifest and returns the whole file.</summary>
    public byte[] WithManifest(Action<JsonObject> edit)
    {
        JsonObject manifest = Manifest;
        edit(manifest);
        Manifest = manifest;
        return ToBytes();
    }

    /// <summary>Edits the header (tensor entries, metadata) and returns the whole file.</summary>
    public byte[] WithHeader(Action<JsonObject> edit)
    {
        edit(Header);
        return ToBytes();
    }

    public byte[] ToBytes()
    {
        string text = Header.ToJsonString();
        int padding = (8 - ((8 + Encoding.UTF8.GetByteCount(text)) % 8)) % 8;
        return Raw(text + new string(' ', padding), Data);
    }
}
