namespace GroupReduce.Fuzzing.Mutations;

/// <summary>The values that break parsers: boundaries of integer widths, negative sizes, sizes just past the file.</summary>
internal static class BoundaryValues
{
    /// <summary>Integers written over lengths, counts, offsets and dimensions; the length-relative ones are filled in per input.</summary>
    public static long Integer(int choice, int inputLength) => (choice % 20) switch
    {
        0 => 0,
        1 => -1,
        2 => 1,
        3 => sbyte.MaxValue,
        4 => byte.MaxValue,
        5 => short.MaxValue,
        6 => ushort.MaxValue,
        7 => int.MaxValue,
        8 => (long)int.MaxValue + 1,
        9 => uint.MaxValue,
        10 => long.MaxValue,
        11 => long.MinValue,
        12 => 1L << 53,
        13 => 1L << 40,
        14 => inputLength,
        15 => inputLength + 1,
        16 => inputLength - 1,
        17 => inputLength * 2L,
        18 => 1_000_000_000,
        _ => 65536,
    };

    /// <summary>JSON numbers put where the header expects a size, an offset, a rank or a count.</summary>
    public static string JsonNumber(int choice) => (choice % 14) switch
    {
        0 => "0",
        1 => "-1",
        2 => "2147483647",
        3 => "2147483648",
        4 => "4294967296",
        5 => "9007199254740993",
        6 => "9223372036854775807",
        7 => "9223372036854775808",
        8 => "18446744073709551616",
        9 => "1e308",
        10 => "-1e308",
        11 => "0.5",
        12 => "1000000000",
        _ => "1e-300",
    };

    /// <summary>Text put where a line expects a number or a token.</summary>
    public static string TextToken(int choice) => (choice % 16) switch
    {
        0 => "NaN",
        1 => "Infinity",
        2 => "-1",
        3 => "0",
        4 => "1e400",
        5 => "99999999999999999999999",
        6 => "-0",
        7 => "1e-400",
        8 => "0x10",
        9 => string.Empty,
        10 => "&a [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
        11 => "*undefined",
        12 => "{",
        13 => "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        14 => ": :",
        _ => "- - -",
    };
}
