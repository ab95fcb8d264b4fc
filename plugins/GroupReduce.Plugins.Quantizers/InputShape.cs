namespace GroupReduce.Plugins.Quantizers;

/// <summary>The argument checks every quantizer makes on the tensor it is given.</summary>
internal static class InputShape
{
    /// <summary>Throws unless <paramref name="values"/> holds exactly a <paramref name="rows"/> x <paramref name="columns"/> tensor.</summary>
    /// <param name="values">The row-major values.</param>
    /// <param name="rows">The row count (not negative).</param>
    /// <param name="columns">The column count (not negative).</param>
    public static void Check(ReadOnlySpan<float> values, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        long count = (long)rows * columns;
        if (values.Length != count)
        {
            throw new ArgumentException($"a {rows}x{columns} tensor needs {count} values, got {values.Length}", nameof(values));
        }
    }
}
