using System.Text;
using System.Text.Json.Nodes;
using GroupReduce.Testing;

namespace GroupReduce.Core.Tests.Artifacts;

/// <summary>An artifact's bytes written again with its manifest edited: hostile manifests, and those older writers made.</summary>
internal static class EditedArtifact
{
    /// <summary>Writes <paramref name="artifact"/> with <paramref name="edit"/> applied to its manifest, tensors unchanged.</summary>
    /// <param name="folder">Where the edited file goes (a fresh name).</param>
    /// <param name="artifact">The artifact's bytes.</param>
    /// <param name="edit">Changes the manifest.</param>
    /// <param name="headerText">Changes the header's JSON text after the edit (for what JsonNode will not write).</param>
    /// <returns>The edited file's path.</returns>
    public static string Write(TempFolder folder, byte[] artifact, Action<JsonObject> edit, Func<string, string>? headerText = null)
    {
        long length = BitConverter.ToInt64(artifact, 0);
        JsonObject header = JsonNode.Parse(Encoding.UTF8.GetString(artifact, 8, (int)length))!.AsObject();
        JsonObject manifest = JsonNode.Parse((string)header["__metadata__"]!["groupreduce.manifest"]!)!.AsObject();
        edit(manifest);
        header["__metadata__"]!["groupreduce.manifest"] = manifest.ToJsonString();
        string text = headerText is null ? header.ToJsonString() : headerText(header.ToJsonString());
        text += new string(' ', (8 - ((8 + Encoding.UTF8.GetByteCount(text)) % 8)) % 8);
        byte[] headerBytes = Encoding.UTF8.GetBytes(text);
        using var stream = new MemoryStream();
        stream.Write(BitConverter.GetBytes((long)headerBytes.Length));
        stream.Write(headerBytes);
        stream.Write(artifact, 8 + (int)length, artifact.Length - 8 - (int)length);
        string path = folder.File($"edited-{Guid.NewGuid():N}.gr.safetensors");
        File.WriteAllBytes(path, stream.ToArray());
        return path;
    }
}
