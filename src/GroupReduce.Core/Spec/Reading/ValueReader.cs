using System.Globalization;
using GroupReduce.Abstractions;
using GroupReduce.Core.Spec.Yaml;

namespace GroupReduce.Core.Spec.Reading;

/// <summary>
/// Reads typed spec values from nodes, each error at the value's line and column. <c>what</c> is the
/// value's dotted path as messages show it (<c>groups</c>, <c>refinement.iterations</c>, <c>baselines[1]</c>).
/// </summary>
internal static class ValueReader
{
    /// <summary>A scalar that is not YAML null.</summary>
    /// <param name="node">The node.</param>
    /// <param name="what">The value's path.</param>
    /// <param name="expected">What it should be, for messages ("a whole number from 1 to 65535").</param>
    /// <returns>The scalar.</returns>
    public static SpecScalar Scalar(SpecNode node, string what, string expected) => node switch
    {
        SpecScalar { IsNull: true } => throw new GroupReduceException(
            SpecErrorCodes.EmptyValue, $"'{what}' has no value; expected {expected}", node.Location),
        SpecScalar scalar => scalar,
        _ => throw new GroupReduceException(
            SpecErrorCodes.WrongType, $"'{what}' must be {expected}, not {node.Describe()}", node.Location),
    };

    /// <summary>A list (possibly empty).</summary>
    /// <param name="node">The node.</param>
    /// <param name="what">The value's path.</param>
    /// <param name="expected">What it should be, e.g. "a list of tensor names".</param>
    /// <returns>The list.</returns>
    public static SpecSequence Sequence(SpecNode node, string what, string expected) => node switch
    {
        SpecSequence sequence => sequence,
        SpecScalar { IsNull: true } => throw new GroupReduceException(
            SpecErrorCodes.EmptyValue, $"'{what}' has no value; expected {expected}", node.Location),
        _ => throw new GroupReduceException(
            SpecErrorCodes.WrongType, $"'{what}' must be {expected} (e.g. [a, b]), not {node.Describe()}", node.Location),
    };

    /// <summary>A non-blank text.</summary>
    /// <param name="node">The node.</param>
    /// <param name="what">The value's path.</param>
    /// <param name="expected">What it should be, e.g. "a tensor name".</param>
    /// <returns>The text and its location.</returns>
    public static SpecValue<string> Text(SpecNode node, string what, string expected)
    {
        SpecScalar scalar = Scalar(node, what, expected);
        return string.IsNullOrWhiteSpace(scalar.Value)
            ? throw new GroupReduceException(SpecErrorCodes.EmptyValue, $"'{what}' is empty; expected {expected}", scalar.Location)
            : new SpecValue<string>(scalar.Value, scalar.Location);
    }

    /// <summary>A whole number within a range.</summary>
    /// <param name="node">The node.</param>
    /// <param name="what">The value's path.</param>
    /// <param name="minimum">The smallest valid value.</param>
    /// <param name="maximum">The largest valid value.</param>
    /// <returns>The number and its location.</returns>
    public static SpecValue<int> Integer(SpecNode node, string what, int minimum, int maximum)
    {
        string expected = $"a whole number from {minimum} to {maximum}";
        SpecScalar scalar = Scalar(node, what, expected);
        if (!long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            // Digits too many for a long are a range problem, not a format one.
            string unsigned = scalar.Value.TrimStart('+', '-');
            throw unsigned.Length > 0 && unsigned.All(char.IsAsciiDigit)
                ? OutOfRange(scalar, what, expected)
                : new GroupReduceException(SpecErrorCodes.InvalidNumber, $"'{what}' must be {expected}, not '{scalar.Value}'", scalar.Location);
        }

        return value < minimum || value > maximum
            ? throw OutOfRange(scalar, what, expected)
            : new SpecValue<int>((int)value, scalar.Location);
    }

    /// <summary>A finite real number that satisfies <paramref name="isValid"/>.</summary>
    /// <param name="node">The node.</param>
    /// <param name="what">The value's path.</param>
    /// <param name="expected">The valid range in words, e.g. "a number greater than 0".</param>
    /// <param name="isValid">The range check.</param>
    /// <returns>The number and its location.</returns>
    public static SpecValue<double> Real(SpecNode node, string what, string expected, Func<double, bool> isValid)
    {
        SpecScalar scalar = Scalar(node, what, expected);
        if (!double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new GroupReduceException(SpecErrorCodes.InvalidNumber, $"'{what}' must be {expected}, not '{scalar.Value}'", scalar.Location);
        }

        return isValid(value) ? new SpecValue<double>(value, scalar.Location) : throw OutOfRange(scalar, what, expected);
    }

    /// <summary><c>true</c> or <c>false</c> (also <c>True</c>, <c>TRUE</c>, <c>False</c>, <c>FALSE</c>, as in YAML 1.2).</summary>
    /// <param name="node">The node.</param>
    /// <param name="what">The value's path.</param>
    /// <returns>The value and its location.</returns>
    public static SpecValue<bool> Boolean(SpecNode node, string what)
    {
        SpecScalar scalar = Scalar(node, what, "true or false");
        return scalar.Value switch
        {
            "true" or "True" or "TRUE" => new SpecValue<bool>(true, scalar.Location),
            "false" or "False" or "FALSE" => new SpecValue<bool>(false, scalar.Location),
            _ => throw new GroupReduceException(
                SpecErrorCodes.InvalidBoolean, $"'{what}' must be true or false, not '{scalar.Value}'", scalar.Location),
        };
    }

    /// <summary>One of the words of <paramref name="words"/>.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="node">The node.</param>
    /// <param name="what">The value's path.</param>
    /// <param name="words">The valid words.</param>
    /// <returns>The value and its location.</returns>
    public static SpecValue<T> Word<T>(SpecNode node, string what, WordTable<T> words)
        where T : struct
    {
        SpecScalar scalar = Scalar(node, what, $"one of: {string.Join(", ", words.Words)}");
        return words.TryGet(scalar.Value, out T value)
            ? new SpecValue<T>(value, scalar.Location)
            : throw new GroupReduceException(
                SpecErrorCodes.InvalidWord,
                $"'{what}' cannot be '{scalar.Value}'{NameSuggester.Hint(scalar.Value, words.Words, "values")}",
                scalar.Location);
    }

    /// <summary>A default value, placed where its parent is.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The default.</param>
    /// <param name="parent">Where the enclosing mapping is named.</param>
    /// <returns>The value marked as a default.</returns>
    public static SpecValue<T> Default<T>(T value, SourceLocation parent) => new(value, parent, IsDefault: true);

    private static GroupReduceException OutOfRange(SpecScalar scalar, string what, string expected) =>
        new(SpecErrorCodes.OutOfRange, $"'{what}' is {scalar.Value}, out of range; use {expected}", scalar.Location);
}
