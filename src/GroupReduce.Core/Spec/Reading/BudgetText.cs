using System.Globalization;
using System.Text.RegularExpressions;
using GroupReduce.Abstractions;

namespace GroupReduce.Core.Spec.Reading;

/// <summary>
/// Reads budget texts: a rate (<c>6.6x</c>, <c>6.6</c>, <c>26</c>), a byte size (<c>12MB</c>, <c>1.5GiB</c>,
/// <c>4096</c>) or a parameter count (<c>1.5M</c>, <c>800K</c>, <c>250000</c>).
/// </summary>
internal static partial class BudgetText
{
    // Byte and parameter counts are stored as double; above 2^53 they would no longer be exact.
    private const decimal LargestCount = 9_007_199_254_740_992m;

    private static readonly (string Unit, decimal Factor)[] ByteUnits =
    [
        ("B", 1m), ("kB", 1e3m), ("KB", 1e3m), ("MB", 1e6m), ("GB", 1e9m),
        ("KiB", 1024m), ("MiB", 1024m * 1024m), ("GiB", 1024m * 1024m * 1024m),
    ];

    private static readonly (string Unit, decimal Factor)[] ParameterUnits =
    [
        ("K", 1e3m), ("k", 1e3m), ("M", 1e6m), ("G", 1e9m),
    ];

    /// <summary>Reads a compression rate, which must be greater than 1.</summary>
    /// <param name="text">The text as written.</param>
    /// <param name="at">Where it is written.</param>
    /// <param name="key">The key's path, for messages.</param>
    /// <returns>The rate.</returns>
    /// <exception cref="GroupReduceException">The text is not a rate above 1.</exception>
    public static double ParseRate(string text, SourceLocation at, string key = "budget.rate")
    {
        Match match = Shape().Match(text.Trim());
        string unit = match.Groups["unit"].Value;
        if (!match.Success || unit is not ("" or "x" or "X"))
        {
            throw new GroupReduceException(
                SpecErrorCodes.InvalidBudget,
                $"'{key}' must be a number greater than 1, optionally followed by x (e.g. 6.6x), not '{text}'",
                at);
        }

        double rate = double.Parse(match.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(rate) && rate > 1
            ? rate
            : throw new GroupReduceException(
                SpecErrorCodes.OutOfRange,
                $"'{key}' is {text}, which does not shrink the matrices; use a rate greater than 1 (e.g. 6.6x)",
                at);
    }

    /// <summary>Reads a byte count: a whole number, or a number with a unit (B, kB/KB, MB, GB = powers of 1000; KiB, MiB, GiB = powers of 1024).</summary>
    /// <param name="text">The text as written.</param>
    /// <param name="at">Where it is written.</param>
    /// <returns>The number of bytes.</returns>
    /// <exception cref="GroupReduceException">The text is not a positive whole number of bytes.</exception>
    public static double ParseBytes(string text, SourceLocation at) => ParseCount(text, at, "bytes", ByteUnits, "12MB");

    /// <summary>Reads a parameter count: a whole number, or a number with K/k, M or G (powers of 1000).</summary>
    /// <param name="text">The text as written.</param>
    /// <param name="at">Where it is written.</param>
    /// <returns>The number of parameters.</returns>
    /// <exception cref="GroupReduceException">The text is not a positive whole number of parameters.</exception>
    public static double ParseParameters(string text, SourceLocation at) => ParseCount(text, at, "parameters", ParameterUnits, "1.5M");

    private static double ParseCount(string text, SourceLocation at, string key, (string Unit, decimal Factor)[] units, string example)
    {
        string[] names = Array.ConvertAll(units, entry => entry.Unit);
        Match match = Shape().Match(text.Trim());
        if (!match.Success)
        {
            throw new GroupReduceException(
                SpecErrorCodes.InvalidBudget,
                $"'budget.{key}' must be a whole number or a number with a unit (e.g. {example}), not '{text}'; units: {string.Join(", ", names)}",
                at);
        }

        string unit = match.Groups["unit"].Value;
        decimal factor = 1m;
        if (unit.Length > 0)
        {
            int index = Array.IndexOf(names, unit);
            if (index < 0)
            {
                string? sameLetters = Array.Find(names, name => string.Equals(name, unit, StringComparison.OrdinalIgnoreCase));
                string hint = sameLetters is null
                    ? NameSuggester.Hint(unit, names, "units")
                    : $"; did you mean '{sameLetters}'? Valid units: {string.Join(", ", names)}";
                throw new GroupReduceException(
                    SpecErrorCodes.InvalidBudget,
                    $"'budget.{key}' has an unknown unit '{unit}' in '{text}'{hint}",
                    at);
            }

            factor = units[index].Factor;
        }

        decimal count;
        try
        {
            count = decimal.Parse(match.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture) * factor;
        }
        catch (OverflowException)
        {
            throw TooLarge(text, at, key);
        }

        if (count <= 0)
        {
            throw new GroupReduceException(
                SpecErrorCodes.OutOfRange, $"'budget.{key}' is {text}; it must be greater than 0 (e.g. {example})", at);
        }

        if (count != decimal.Truncate(count))
        {
            throw new GroupReduceException(
                SpecErrorCodes.InvalidBudget,
                $"'budget.{key}' is {text} = {count.ToString(CultureInfo.InvariantCulture)} {key}, not a whole number; round it or use a smaller unit",
                at);
        }

        return count > LargestCount ? throw TooLarge(text, at, key) : (double)count;
    }

    private static GroupReduceException TooLarge(string text, SourceLocation at, string key) => new(
        SpecErrorCodes.OutOfRange,
        $"'budget.{key}' is {text}, more than the largest supported count ({LargestCount.ToString(CultureInfo.InvariantCulture)})",
        at);

    [GeneratedRegex(@"^(?<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*(?<unit>[A-Za-z]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
