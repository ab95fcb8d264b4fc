using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GroupReduce.Fuzzing.Mutations;

/// <summary>
/// Structure-aware edits of a safetensors-style header (u64 length, JSON, data): one node of the JSON is removed,
/// nulled, given a wrong type, a boundary number or invalid UTF-8, and the header is written back with its length
/// fixed, so the damage reaches the reader's field handling instead of stopping at the length check.
/// </summary>
internal static class JsonHeaderEdit
{
    // Strings that stand for bytes JSON serialization cannot write; swapped for the raw bytes after serializing.
    // ASCII, so that JSON escaping leaves them as they are at any depth of nesting.
    private const string InvalidUtf8Marker = "@@fuzz-invalid-utf8@@";
    private const string LoneSurrogateMarker = "@@fuzz-surrogate@@";
    private const int Edits = 9;

    /// <summary>Returns the edited input, or null when the input has no parseable JSON header.</summary>
    public static byte[]? Apply(byte[] bytes, Mutation m)
    {
        try
        {
            return Edit(bytes, m);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            // Earlier mutations may have left invalid UTF-8 or duplicate keys that JsonNode only trips on lazily.
            return null;
        }
    }

    private static byte[]? Edit(byte[] bytes, Mutation m)
    {
        if (bytes.Length < 8)
        {
            return null;
        }

        ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (declared > (ulong)(bytes.Length - 8))
        {
            return null;
        }

        int headerLength = (int)declared;
        JsonNode? root = JsonNode.Parse(bytes.AsSpan(8, headerLength));
        if (root is null)
        {
            return null;
        }

        root = EditTree(root, m);
        byte[] header = Encoding.UTF8.GetBytes(root.ToJsonString());
        header = Swap(header, InvalidUtf8Marker, [0xC3, 0x28, 0xFF]);
        header = Swap(header, LoneSurrogateMarker, "\\uDDDD"u8.ToArray());
        byte[] result = new byte[8 + header.Length + (bytes.Length - 8 - headerLength)];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)header.Length);
        header.CopyTo(result, 8);
        bytes.AsSpan(8 + headerLength).CopyTo(result.AsSpan(8 + header.Length));
        return result;
    }

    private static JsonNode EditTree(JsonNode root, Mutation m)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        JsonNode target = nodes[m.Position % nodes.Count];

        // The artifact's manifest is JSON inside a metadata string: edits must reach its fields too, not only the string.
        if (target is JsonValue value && value.TryGetValue(out string? text) && text.Length > 1 && text[0] is '{' or '['
            && (m.Length % 4) != 0 && TryParse(text) is { } nested)
        {
            var inner = m with { Position = (m.Position / nodes.Count) + m.Length, Length = m.Length / 4 };
            string edited = EditTree(nested, inner).ToJsonString();
            if (ReferenceEquals(target, root))
            {
                return JsonValue.Create(edited);
            }

            Replace(target, JsonValue.Create(edited), remove: false, renameKey: false);
            return root;
        }

        int edit = m.Choice % Edits;
        JsonNode? replacement = edit switch
        {
            0 => null, // removed below
            1 => null,
            2 => JsonNode.Parse(BoundaryValues.JsonNumber(m.Choice / Edits)),
            3 => JsonValue.Create("x"),
            4 => (m.Choice / Edits) % 2 == 0 ? new JsonArray() : new JsonObject(),
            5 => Nested(8 + (m.Length % 24)),
            6 => JsonValue.Create(InvalidUtf8Marker),
            7 => JsonValue.Create(LoneSurrogateMarker),
            _ => target is JsonValue scalar ? JsonValue.Create(scalar.ToJsonString().Trim('"')) : JsonValue.Create(true),
        };

        if (ReferenceEquals(target, root))
        {
            return edit == 0 ? new JsonObject() : replacement ?? JsonValue.Create(0);
        }

        Replace(target, replacement, remove: edit == 0, renameKey: edit is 6 or 7 && (m.Length % 2 == 1));
        return root;
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        nodes.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (KeyValuePair<string, JsonNode?> pair in obj)
                {
                    if (pair.Value is not null)
                    {
                        Collect(pair.Value, nodes);
                    }
                }

                break;
            case JsonArray array:
                foreach (JsonNode? item in array)
                {
                    if (item is not null)
                    {
                        Collect(item, nodes);
                    }
                }

                break;
        }
    }

    private static void Replace(JsonNode target, JsonNode? replacement, bool remove, bool renameKey)
    {
        switch (target.Parent)
        {
            case JsonObject parent:
            {
                string key = target.GetPropertyName();
                if (remove)
                {
                    parent.Remove(key);
                }
                else if (renameKey)
                {
                    parent.Remove(key);
                    parent[key + (replacement?.GetValue<string>() ?? string.Empty)] = target;
                }
                else
                {
                    parent[key] = replacement;
                }

                break;
            }

            case JsonArray array:
            {
                int index = target.GetElementIndex();
                if (remove)
                {
                    array.RemoveAt(index);
                }
                else
                {
                    array[index] = replacement;
                }

                break;
            }
        }
    }

    private static JsonNode Nested(int depth)
    {
        JsonNode node = new JsonArray();
        for (int i = 1; i < depth; i++)
        {
            node = new JsonArray(node);
        }

        return node;
    }

    private static byte[] Swap(byte[] text, string marker, byte[] raw)
    {
        byte[] pattern = Encoding.UTF8.GetBytes(marker);
        int at = text.AsSpan().IndexOf(pattern);
        return at < 0 ? text : [.. text.AsSpan(0, at), .. raw, .. text.AsSpan(at + pattern.Length)];
    }
}
