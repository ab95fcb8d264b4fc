using System.Text.Json;

namespace GroupReduce.Build.Tests;

/// <summary>Reads the plugin list of an artifact's manifest, with nothing but the safetensors layout.</summary>
internal static class ArtifactManifest
{
    // The artifact is a safetensors file: an 8-byte little-endian header length, then a JSON header whose __metadata__
    // holds string values; the manifest is the one that is itself a JSON object with a "plugins" array.
    public static List<JsonElement> Plugins(string artifact)
    {
        using FileStream stream = File.OpenRead(artifact);
        Span<byte> length = stackalloc byte[8];
        stream.ReadExactly(length);
        byte[] header = new byte[BitConverter.ToInt64(length)];
        stream.ReadExactly(header);
        using JsonDocument document = JsonDocument.Parse(header);
        foreach (JsonProperty entry in document.RootElement.GetProperty("__metadata__").EnumerateObject())
        {
            string text = entry.Value.GetString() ?? string.Empty;
            if (!text.StartsWith('{'))
            {
                continue;
            }

            using JsonDocument manifest = JsonDocument.Parse(text);
            if (manifest.RootElement.TryGetProperty("plugins", out JsonElement plugins))
            {
                return plugins.EnumerateArray().Select(p => p.Clone()).ToList();
            }
        }

        throw new InvalidOperationException("no manifest with plugins in " + artifact);
    }
}
