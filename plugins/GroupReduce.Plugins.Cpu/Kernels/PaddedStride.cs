namespace GroupReduce.Plugins.Cpu.Kernels;

/// <summary>
/// Row strides for the buffers the kernels stream: a whole, odd number of cache lines, so that the rows of a
/// tile or panel fall into different cache sets. Rows a power-of-two number of lines apart (1024 floats: 4 KiB)
/// all map to one set of an 8-way L1, and every pass over a 14-row tile evicts its own lines.
/// </summary>
internal static class PaddedStride
{
    private const int LineBytes = 64;

    /// <summary>The padded stride for rows of <paramref name="columns"/> elements.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="columns">Elements per row.</param>
    /// <returns>At least <paramref name="columns"/>, an odd number of cache lines.</returns>
    public static unsafe int Of<T>(int columns)
        where T : unmanaged
    {
        int perLine = LineBytes / sizeof(T);
        int lines = Math.Max(1, (columns + perLine - 1) / perLine);
        if (lines % 2 == 0)
        {
            lines++;
        }

        return lines * perLine;
    }
}
