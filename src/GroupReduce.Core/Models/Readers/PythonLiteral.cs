using System.Globalization;
using System.Text;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Parses the small subset of Python literal syntax that NumPy writes into a .npy header:
/// dictionaries, strings, <c>True</c>/<c>False</c>/<c>None</c>, integers (with Python 2's <c>L</c>
/// suffix), tuples and lists. Values come back as <see cref="string"/>, <see cref="bool"/>,
/// <see langword="null"/>, <see cref="long"/>, <see cref="Tuple"/>, <see cref="List"/> or
/// <see cref="Dictionary{TKey, TValue}"/> of string keys.
/// </summary>
internal sealed class PythonLiteral
{
    private const int MaxDepth = 32;

    private readonly string _text;
    private int _position;

    private PythonLiteral(string text) => _text = text;

    /// <summary>Parses one literal that spans the whole text (surrounding whitespace allowed).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The text is not a literal of the supported kinds.</exception>
    public static object? Parse(string text)
    {
        var parser = new PythonLiteral(text);
        object? value = parser.ParseValue(0);
        parser.SkipWhitespace();
        if (parser._position != text.Length)
        {
            throw parser.Error("unexpected text after the value");
        }

        return value;
    }

    private object? ParseValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("nesting too deep");
        }

        SkipWhitespace();
        if (_position >= _text.Length)
        {
            throw Error("unexpected end");
        }

        char c = _text[_position];
        switch (c)
        {
            case '{':
                return ParseDictionary(depth);
            case '(':
                return new Tuple(ParseSequence(')', depth));
            case '[':
                return new List(ParseSequence(']', depth));
            case '\'':
            case '"':
                return ParseString();
            default:
                if (c == '-' || char.IsAsciiDigit(c))
                {
                    return ParseInteger();
                }

                return ParseName();
        }
    }

    private Dictionary<string, object?> ParseDictionary(int depth)
    {
        _position++;
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            SkipWhitespace();
            if (Peek() == '}')
            {
                _position++;
                return result;
            }

            if (ParseValue(depth + 1) is not string key)
            {
                throw Error("dictionary keys must be strings");
            }

            SkipWhitespace();
            Expect(':');
            object? value = ParseValue(depth + 1);
            if (!result.TryAdd(key, value))
            {
                throw Error($"key '{Excerpt.Of(key)}' appears twice");
            }

            SkipWhitespace();
            if (Peek() == ',')
            {
                _position++;
            }
            else if (Peek() != '}')
            {
                throw Error("expected ',' or '}'");
            }
        }
    }

    private List<object?> ParseSequence(char close, int depth)
    {
        _position++;
        var items = new List<object?>();
        while (true)
        {
            SkipWhitespace();
            if (Peek() == close)
            {
                _position++;
                return items;
            }

            items.Add(ParseValue(depth + 1));
            SkipWhitespace();
            if (Peek() == ',')
            {
                _position++;
            }
            else if (Peek() != close)
            {
                throw Error($"expected ',' or '{close}'");
            }
        }
    }

    private string ParseString()
    {
        char quote = _text[_position++];
        var builder = new StringBuilder();
        while (_position < _text.Length)
        {
            char c = _text[_position++];
            if (c == quote)
            {
                return builder.ToString();
            }

            if (c == '\\')
            {
                if (_position >= _text.Length)
                {
                    break;
                }

                char escaped = _text[_position++];
                builder.Append(escaped switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => escaped });
                continue;
            }

            builder.Append(c);
        }

        throw Error("unterminated string");
    }

    private long ParseInteger()
    {
        int start = _position;
        if (_text[_position] == '-')
        {
            _position++;
        }

        while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
        {
            _position++;
        }

        if (!long.TryParse(_text.AsSpan(start, _position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw Error("bad integer");
        }

        if (_position < _text.Length && _text[_position] is 'L' or 'l')
        {
            _position++;
        }

        return value;
    }

    private object? ParseName()
    {
        int start = _position;
        while (_position < _text.Length && char.IsAsciiLetter(_text[_position]))
        {
            _position++;
        }

        return _text.AsSpan(start, _position - start) switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            _ => throw Error("unexpected token"),
        };
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error($"expected '{c}'");
        }

        _position++;
    }

    private FormatException Error(string problem) => new($"{problem} at character {_position + 1}");

    /// <summary>A Python tuple.</summary>
    /// <param name="Items">The items.</param>
    internal sealed record Tuple(List<object?> Items);

    /// <summary>A Python list.</summary>
    /// <param name="Items">The items.</param>
    internal sealed record List(List<object?> Items);
}
