using System.Globalization;

namespace GroupReduce.Abstractions.Options;

/// <summary>
/// A plugin's own option block from the spec (<c>solver: { name: cpu, options: { … } }</c>), read with
/// typed getters that validate the value and point at its line and column when it is wrong. Call
/// <see cref="EnsureNoUnknownKeys"/> after reading every option so that a misspelt key is an error,
/// not a silently ignored setting.
/// </summary>
public sealed class PluginOptions
{
    private readonly OptionMapping _mapping;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    /// <summary>Wraps an option mapping.</summary>
    /// <param name="owner">The plugin's name, used in messages.</param>
    /// <param name="mapping">The options as written.</param>
    public PluginOptions(string owner, OptionMapping mapping)
    {
        Owner = owner ?? throw new ArgumentNullException(nameof(owner));
        _mapping = mapping ?? throw new ArgumentNullException(nameof(mapping));
    }

    /// <summary>The plugin the options belong to.</summary>
    public string Owner { get; }

    /// <summary>Where the block starts (or where it would be, when empty).</summary>
    public SourceLocation Location => _mapping.Location;

    /// <summary>The options as written.</summary>
    public OptionMapping Mapping => _mapping;

    /// <summary>An empty block for a plugin the spec gives no options.</summary>
    /// <param name="owner">The plugin's name.</param>
    /// <param name="location">Where the plugin is named in the spec.</param>
    /// <returns>An empty option block.</returns>
    public static PluginOptions Empty(string owner, SourceLocation location) => new(owner, new OptionMapping([], location));

    /// <summary>Whether the user wrote <paramref name="key"/>. Marks the key as known.</summary>
    /// <param name="key">The option key.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Contains(string key)
    {
        _known.Add(key);
        return _mapping.Find(key) is not null;
    }

    /// <summary>The raw node for <paramref name="key"/>, for options with structure. Marks the key as known.</summary>
    /// <param name="key">The option key.</param>
    /// <returns>The entry, or <see langword="null"/> when absent.</returns>
    public OptionEntry? GetEntry(string key)
    {
        _known.Add(key);
        return _mapping.Find(key);
    }

    /// <summary>Reads a whole number within a range.</summary>
    /// <param name="key">The option key.</param>
    /// <param name="defaultValue">Used when the key is absent.</param>
    /// <param name="minimum">The smallest valid value.</param>
    /// <param name="maximum">The largest valid value.</param>
    /// <returns>The value.</returns>
    public int GetInt32(string key, int defaultValue, int minimum = int.MinValue, int maximum = int.MaxValue)
    {
        long value = GetInt64(key, defaultValue, minimum, maximum);
        return (int)value;
    }

    /// <summary>Reads a whole number within a range.</summary>
    /// <param name="key">The option key.</param>
    /// <param name="defaultValue">Used when the key is absent.</param>
    /// <param name="minimum">The smallest valid value.</param>
    /// <param name="maximum">The largest valid value.</param>
    /// <returns>The value.</returns>
    public long GetInt64(string key, long defaultValue, long minimum = long.MinValue, long maximum = long.MaxValue)
    {
        if (GetScalar(key, "a whole number") is not { } scalar)
        {
            return defaultValue;
        }

        if (!long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw Invalid(key, scalar, $"'{scalar.Value}' is not a whole number");
        }

        if (value < minimum || value > maximum)
        {
            throw Invalid(key, scalar, $"{value} is out of range; use a value from {minimum} to {maximum}");
        }

        return value;
    }

    /// <summary>Reads a finite real number within a range.</summary>
    /// <param name="key">The option key.</param>
    /// <param name="defaultValue">Used when the key is absent.</param>
    /// <param name="minimum">The smallest valid value.</param>
    /// <param name="maximum">The largest valid value.</param>
    /// <returns>The value.</returns>
    public double GetDouble(string key, double defaultValue, double minimum = double.MinValue, double maximum = double.MaxValue)
    {
        if (GetScalar(key, "a number") is not { } scalar)
        {
            return defaultValue;
        }

        if (!double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw Invalid(key, scalar, $"'{scalar.Value}' is not a finite number");
        }

        if (value < minimum || value > maximum)
        {
            throw Invalid(key, scalar, $"{value.ToString(CultureInfo.InvariantCulture)} is out of range; use a value from {minimum.ToString(CultureInfo.InvariantCulture)} to {maximum.ToString(CultureInfo.InvariantCulture)}");
        }

        return value;
    }

    /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
    /// <param name="key">The option key.</param>
    /// <param name="defaultValue">Used when the key is absent.</param>
    /// <returns>The value.</returns>
    public bool GetBoolean(string key, bool defaultValue)
    {
        if (GetScalar(key, "true or false") is not { } scalar)
        {
            return defaultValue;
        }

        return scalar.Value switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => throw Invalid(key, scalar, $"'{scalar.Value}' is not true or false"),
        };
    }

    /// <summary>Reads a string, optionally one of a fixed set of words.</summary>
    /// <param name="key">The option key.</param>
    /// <param name="defaultValue">Used when the key is absent.</param>
    /// <param name="allowed">The valid values, or empty for any string.</param>
    /// <returns>The value.</returns>
    public string GetString(string key, string defaultValue, params string[] allowed)
    {
        if (GetScalar(key, allowed.Length > 0 ? "one of " + string.Join(", ", allowed) : "a string") is not { } scalar)
        {
            return defaultValue;
        }

        if (allowed.Length > 0 && Array.IndexOf(allowed, scalar.Value) < 0)
        {
            throw Invalid(key, scalar, $"'{scalar.Value}' is not valid; use one of: {string.Join(", ", allowed)}");
        }

        return scalar.Value;
    }

    /// <summary>
    /// Throws <see cref="ErrorCodes.UnknownOption"/> for the first key that no getter asked for,
    /// naming the keys the plugin knows.
    /// </summary>
    public void EnsureNoUnknownKeys()
    {
        foreach (OptionEntry entry in _mapping.Entries)
        {
            if (!_known.Contains(entry.Key))
            {
                string known = _known.Count == 0
                    ? $"'{Owner}' takes no options"
                    : $"'{Owner}' knows: {string.Join(", ", _known.Order(StringComparer.Ordinal))}";
                throw new GroupReduceException(
                    ErrorCodes.UnknownOption,
                    $"unknown option '{entry.Key}' for '{Owner}'; {known}",
                    entry.KeyLocation);
            }
        }
    }

    /// <summary>Creates the error for a bad value of <paramref name="key"/>, pointing at the value.</summary>
    /// <param name="key">The option key.</param>
    /// <param name="node">The offending value.</param>
    /// <param name="problem">What is wrong and how to fix it.</param>
    /// <returns>The exception to throw.</returns>
    public GroupReduceException Invalid(string key, OptionNode node, string problem) =>
        new(ErrorCodes.InvalidOption, $"option '{key}' of '{Owner}': {problem}", node.Location);

    private OptionScalar? GetScalar(string key, string expected)
    {
        _known.Add(key);
        if (_mapping.Find(key) is not { } entry)
        {
            return null;
        }

        return entry.Value as OptionScalar
            ?? throw Invalid(key, entry.Value, $"expected {expected}, found {entry.Value.KindName}");
    }
}
