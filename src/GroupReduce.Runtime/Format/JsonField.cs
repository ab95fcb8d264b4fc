using System.Text.Json;

namespace GroupReduce.Runtime.Format;

/// <summary>
/// One value of an untrusted JSON document (the safetensors header or the manifest) with its path, read only
/// through typed accessors: a missing, null, wrong-typed or out-of-range value is an
/// <see cref="ArtifactFormatException"/> naming the field, never a <see cref="KeyNotFoundException"/> or
/// <see cref="InvalidOperationException"/> from <see cref="JsonElement"/>.
/// </summary>
internal readonly struct JsonField
{
    private readonly MappedSafetensors _file;
    private readonly string _where;

    private JsonField(MappedSafetensors file, JsonElement value, string where, string path)
    {
        _file = file;
        Value = value;
        _where = where;
        Path = path;
    }

    /// <summary>The JSON value.</summary>
    public JsonElement Value { get; }

    /// <summary>The field's path within its document, e.g. <c>matrices[0].groups[2].rank</c>.</summary>
    public string Path { get; }

    /// <summary>Whether the value is JSON <c>null</c>.</summary>
    public bool IsNull => Value.ValueKind == JsonValueKind.Null;

    /// <summary>The root of a document.</summary>
    /// <param name="file">The artifact, for errors.</param>
    /// <param name="value">The root value.</param>
    /// <param name="where">The document, for messages (e.g. <c>the manifest</c>).</param>
    /// <returns>The root field.</returns>
    public static JsonField Root(MappedSafetensors file, JsonElement value, string where) => new(file, value, where, string.Empty);

    /// <summary>A member that must be present and not null.</summary>
    /// <param name="key">The member name.</param>
    /// <returns>The member.</returns>
    public JsonField Required(string key) =>
        Optional(key) ?? throw Error(Child(key), TryGet(key, out _) ? "is null" : "is missing");

    /// <summary>A member that may be absent or null.</summary>
    /// <param name="key">The member name.</param>
    /// <returns>The member, or null when absent or null.</returns>
    public JsonField? Optional(string key)
    {
        if (Value.ValueKind != JsonValueKind.Object)
        {
            throw Fail($"is {Describe(Value)}; expected an object");
        }

        return TryGet(key, out JsonElement member) && member.ValueKind != JsonValueKind.Null
            ? new JsonField(_file, member, _where, Child(key))
            : null;
    }

    // The lookup unescapes the object's other keys as it compares them: one with an unpaired surrogate escape throws.
    private bool TryGet(string key, out JsonElement member)
    {
        try
        {
            return Value.TryGetProperty(key, out member);
        }
        catch (InvalidOperationException)
        {
            throw Fail("has a key that is not valid text (it holds an unpaired surrogate escape)");
        }
    }

    /// <summary>The value as a string.</summary>
    /// <returns>The text.</returns>
    public string String()
    {
        if (Value.ValueKind != JsonValueKind.String)
        {
            throw Fail($"is {Describe(Value)}; expected a string");
        }

        try
        {
            return Value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // An escape such as \uDD00 (an unpaired surrogate) parses as JSON but is not text.
            throw Fail("is not valid text (it holds an unpaired surrogate escape)");
        }
    }

    /// <summary>The value as a non-empty string (a tensor or partition name).</summary>
    /// <returns>The text.</returns>
    public string Name()
    {
        string text = String();
        return text.Length > 0 ? text : throw Fail("is an empty name");
    }

    /// <summary>The value as an integer within a range.</summary>
    /// <param name="min">The smallest valid value.</param>
    /// <param name="max">The largest valid value.</param>
    /// <returns>The integer.</returns>
    public long Int64(long min, long max)
    {
        if (Value.ValueKind == JsonValueKind.Number && Value.TryGetInt64(out long number) && number >= min && number <= max)
        {
            return number;
        }

        string found = Value.ValueKind == JsonValueKind.Number ? Value.GetRawText() : Describe(Value);
        throw Fail($"is {Shorten(found)}; expected an integer from {min} to {max}");
    }

    /// <summary>The value as a 32-bit integer within a range.</summary>
    /// <param name="min">The smallest valid value.</param>
    /// <param name="max">The largest valid value.</param>
    /// <returns>The integer.</returns>
    public int Int32(int min, int max) => (int)Int64(min, max);

    /// <summary>The items of an array value, each with its indexed path.</summary>
    /// <returns>The items.</returns>
    public List<JsonField> Items()
    {
        if (Value.ValueKind != JsonValueKind.Array)
        {
            throw Fail($"is {Describe(Value)}; expected an array");
        }

        var items = new List<JsonField>(Value.GetArrayLength());
        int index = 0;
        foreach (JsonElement item in Value.EnumerateArray())
        {
            items.Add(new JsonField(_file, item, _where, $"{Path}[{index++}]"));
        }

        return items;
    }

    /// <summary>An error about this field.</summary>
    /// <param name="problem">What is wrong with it, e.g. <c>is 7; the file has 3 groups</c>.</param>
    /// <returns>The exception to throw.</returns>
    public ArtifactFormatException Fail(string problem) => Error(Path, problem);

    private ArtifactFormatException Error(string path, string problem) =>
        _file.Corrupt(path.Length == 0 ? $"{_where} {problem}" : $"{_where}: '{path}' {problem}");

    private string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
