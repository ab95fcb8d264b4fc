namespace GroupReduce.Core.Models.Tensors;

/// <summary>Element and byte counts of shapes, refusing negative dimensions and overflow.</summary>
internal static class ShapeMath
{
    /// <summary>The product of the dimensions (1 for a scalar).</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="count">The element count.</param>
    /// <returns><see langword="false"/> when a dimension is negative or the product overflows a <see cref="long"/>.</returns>
    public static bool TryElementCount(ReadOnlySpan<long> shape, out long count)
    {
        count = 1;
        foreach (long dimension in shape)
        {
            if (dimension < 0)
            {
                count = 0;
                return false;
            }

            if (dimension != 0 && count > long.MaxValue / dimension)
            {
                count = 0;
                return false;
            }

            count *= dimension;
        }

        return true;
    }

    /// <summary>The byte length of <paramref name="shape"/> elements of <paramref name="elementSize"/> bytes.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="elementSize">Bytes per element.</param>
    /// <param name="byteLength">The byte count.</param>
    /// <returns><see langword="false"/> on a negative dimension or overflow.</returns>
    public static bool TryByteLength(ReadOnlySpan<long> shape, int elementSize, out long byteLength)
    {
        byteLength = 0;
        if (!TryElementCount(shape, out long count) || count > long.MaxValue / elementSize)
        {
            return false;
        }

        byteLength = count * elementSize;
        return true;
    }

    /// <summary>Formats a shape as <c>[a, b]</c>.</summary>
    /// <param name="shape">The shape.</param>
    /// <returns>The text.</returns>
    /// <remarks>A hostile header may declare thousands of dimensions; messages show the first eight.</remarks>
    public static string Format(IEnumerable<long> shape)
    {
        long[] first = [.. shape.Take(9)];
        return first.Length <= 8 ? "[" + string.Join(", ", first) + "]" : "[" + string.Join(", ", first[..8]) + ", …]";
    }
}
