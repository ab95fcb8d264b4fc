using System.Globalization;
using GroupReduce.Abstractions;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Spec.Reading;

namespace GroupReduce.Core.Sweep;

/// <summary>
/// Reads a sweep's comma-separated grid lists (<c>2,4,6.6x</c>, <c>groupreduce,svd</c>, <c>none,int8</c>).
/// Every error names the option it came from and the fix, so a front end can print it as it is.
/// </summary>
public static class SweepArguments
{
    /// <summary>The quantizer word for float32 factors: no quantization.</summary>
    public const string NoQuantizer = "none";

    /// <summary>Reads compression rates, each a number above 1 with an optional <c>x</c>.</summary>
    /// <param name="text">The list, e.g. <c>2,4,6.6,10,20</c>.</param>
    /// <param name="option">The option it came from, for messages.</param>
    /// <returns>The rate budgets in the order written.</returns>
    /// <exception cref="GroupReduceException">GR1220: empty, malformed, not above 1 or repeated.</exception>
    public static IReadOnlyList<SweepBudget> ParseRates(string text, string option = "--rates")
    {
        var budgets = new List<SweepBudget>();
        foreach (string item in Items(text, option, "2,4,6.6,10,20"))
        {
            string number = item.EndsWith('x') || item.EndsWith('X') ? item[..^1].TrimEnd() : item;
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || !double.IsFinite(rate))
            {
                throw Invalid($"{option}: '{item}' is not a rate; write numbers above 1, optionally followed by x, e.g. {option} 2,4,6.6x");
            }

            if (rate <= 1)
            {
                throw Invalid($"{option}: '{item}' does not shrink the matrices; every rate must be above 1, e.g. {option} 2,4,6.6,10,20");
            }

            budgets.Add(SweepBudget.Rate(rate));
        }

        return Distinct(budgets, option, b => b.Label);
    }

    /// <summary>Reads byte budgets: whole numbers, or numbers with a unit (<c>B</c>, <c>KB</c>, <c>MB</c>, <c>KiB</c>, …) as the spec's <c>budget.bytes</c>.</summary>
    /// <param name="text">The list, e.g. <c>150KB,100000</c>.</param>
    /// <param name="option">The option it came from, for messages.</param>
    /// <returns>The byte budgets in the order written.</returns>
    /// <exception cref="GroupReduceException">GR1220: empty, malformed, not a positive whole number or repeated.</exception>
    public static IReadOnlyList<SweepBudget> ParseBytes(string text, string option = "--bytes")
    {
        var budgets = new List<SweepBudget>();
        foreach (string item in Items(text, option, "150KB,100000"))
        {
            double bytes;
            try
            {
                bytes = BudgetText.ParseBytes(item, SourceLocation.OfFile(option));
            }
            catch (GroupReduceException ex)
            {
                // The spec reader says what is wrong (a fraction, an unknown unit) but names the spec key.
                throw Invalid(ex.Message.Replace("'budget.bytes'", option, StringComparison.Ordinal));
            }

            budgets.Add(SweepBudget.Bytes((long)bytes));
        }

        return Distinct(budgets, option, b => b.Label);
    }

    /// <summary>Reads methods by their spec words: groupreduce, svd, weighted-svd, prune, quantize.</summary>
    /// <param name="text">The list, e.g. <c>groupreduce,svd</c>.</param>
    /// <param name="option">The option it came from, for messages.</param>
    /// <returns>The methods in the order written.</returns>
    /// <exception cref="GroupReduceException">GR1220: empty, an unknown method, or repeated.</exception>
    public static IReadOnlyList<CompressionMethod> ParseMethods(string text, string option = "--methods")
    {
        var methods = new List<CompressionMethod>();
        foreach (string item in Items(text, option, "groupreduce,svd,weighted-svd,prune"))
        {
            if (!SpecWords.Methods.TryGet(item, out CompressionMethod method))
            {
                throw Invalid($"{option}: unknown method '{item}'{NameSuggester.Hint(item, SpecWords.Methods.Words, "methods")}");
            }

            methods.Add(method);
        }

        return Distinct(methods, option, MethodName);
    }

    /// <summary>
    /// Reads quantizer names: <c>none</c> (float32 factors) or a quantizer plugin's name (<c>float</c>,
    /// <c>int8</c>, <c>int4</c>, <c>codebook</c> are built in). Whether a plugin has the name is checked when the sweep starts.
    /// </summary>
    /// <param name="text">The list, e.g. <c>none,int8</c>.</param>
    /// <param name="option">The option it came from, for messages.</param>
    /// <returns>The names in the order written.</returns>
    /// <exception cref="GroupReduceException">GR1220: empty or repeated.</exception>
    public static IReadOnlyList<string> ParseQuantizers(string text, string option = "--quantizers") =>
        Distinct(Items(text, option, "none,int8").ToList(), option, q => q);

    /// <summary>A method's spec word.</summary>
    /// <param name="method">The method.</param>
    /// <returns>groupreduce, svd, weighted-svd, prune or quantize.</returns>
    public static string MethodName(CompressionMethod method) => method switch
    {
        CompressionMethod.GroupReduce => "groupreduce",
        CompressionMethod.Svd => "svd",
        CompressionMethod.WeightedSvd => "weighted-svd",
        CompressionMethod.Prune => "prune",
        _ => "quantize",
    };

    private static IEnumerable<string> Items(string text, string option, string example)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] items = text.Split(',', StringSplitOptions.TrimEntries);
        if (text.Trim().Length == 0)
        {
            throw Invalid($"{option} is empty; give a comma-separated list, e.g. {option} {example}");
        }

        if (items.Any(i => i.Length == 0))
        {
            throw Invalid($"{option} '{text}' has an empty item; separate the values with single commas, e.g. {option} {example}");
        }

        return items;
    }

    private static IReadOnlyList<T> Distinct<T>(List<T> values, string option, Func<T, string> label)
    {
        string? repeated = values.Select(label).GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        return repeated is null ? values : throw Invalid($"{option} lists '{repeated}' twice; list each value once");
    }

    private static GroupReduceException Invalid(string message) => new(SweepErrorCodes.InvalidGrid, message);
}
