using GroupReduce.Abstractions;

namespace GroupReduce.Core.Tuning;

/// <summary>
/// One search axis of <c>groupreduce tune</c>: a spec key path and the values to try there
/// (<c>--try partitioner.options.allocation=frequency,uniform</c>). The path is not checked against a list of
/// known keys: each value is written into the spec and read back through the spec loader, so a key the spec
/// gains tomorrow can be tuned today and every value gets the spec's own validation.
/// </summary>
/// <param name="Path">The key path, keys separated by dots; a list item by its position from 0.</param>
/// <param name="Values">The values, YAML scalars as typed, in order.</param>
public sealed record TuneAxis(string Path, IReadOnlyList<string> Values)
{
    /// <summary>The path's keys.</summary>
    public IReadOnlyList<string> Keys => Path.Split('.');

    /// <summary>Reads <c>PATH=V1,V2,…</c>.</summary>
    /// <param name="text">The axis as typed.</param>
    /// <param name="option">The option it came from, for messages.</param>
    /// <returns>The axis.</returns>
    /// <exception cref="GroupReduceException">GR1240: malformed, an empty key or value, a value twice, a path under <c>budget</c>, or a value that is not one YAML scalar.</exception>
    public static TuneAxis Parse(string text, string option = "--try")
    {
        ArgumentNullException.ThrowIfNull(text);
        const string Example = "e.g. --try groups=5,10,20 or --try partitioner.options.allocation=frequency,uniform";
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            throw Invalid($"{option} '{text}' has no '='; write a spec key path, '=' and the values to try, {Example}");
        }

        string path = text[..equals].Trim();
        string[] keys = path.Split('.');
        if (path.Length == 0 || keys.Any(k => k.Length == 0 || k.Any(char.IsWhiteSpace)))
        {
            throw Invalid($"{option} '{text}': '{path}' is not a key path; write keys separated by single dots, with no spaces, {Example}");
        }

        if (keys[0] == "budget")
        {
            throw Invalid($"{option} {path}: tune compares settings at one fixed budget; set it with --rate or --bytes, and compare budgets with 'groupreduce sweep'");
        }

        string[] values = text[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries);
        if (values.Any(v => v.Length == 0))
        {
            throw Invalid($"{option} {path}: '{text[(equals + 1)..]}' has an empty value; separate the values with single commas, {Example}");
        }

        if (values.FirstOrDefault(v => TuneValue.Read(v) is null) is { } bad)
        {
            throw Invalid($"{option} {path}: '{bad}' is not one YAML value; write a single word or number, or quote it ('a b')");
        }

        if (values.GroupBy(v => TuneValue.Read(v), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw Invalid($"{option} {path} lists '{twice.First()}' twice; list each value once");
        }

        return new TuneAxis(path, values);
    }

    private static GroupReduceException Invalid(string message) => new(TuneErrorCodes.InvalidAxis, message);
}
