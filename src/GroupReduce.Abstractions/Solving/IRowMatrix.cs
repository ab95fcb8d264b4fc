namespace GroupReduce.Abstractions.Solving;

/// <summary>
/// A read-only matrix of <see cref="Rows"/> x <see cref="Columns"/> single-precision values read by
/// blocks of rows. Implementations are usually memory-mapped files and convert from the stored type
/// (float16, bfloat16, 8-bit blocks…) on the fly: a solver must stream rows in chunks and never ask
/// for the whole matrix at once. Every member is safe to call from several threads.
/// </summary>
public interface IRowMatrix
{
    /// <summary>The tensor's name, for messages.</summary>
    string Name { get; }

    /// <summary>The number of rows (vocabulary items).</summary>
    long Rows { get; }

    /// <summary>The number of columns (the embedding or hidden width).</summary>
    int Columns { get; }

    /// <summary>Copies rows <c>[firstRow, firstRow + rowCount)</c> into <paramref name="destination"/>, row-major.</summary>
    /// <param name="firstRow">The first row.</param>
    /// <param name="rowCount">How many rows.</param>
    /// <param name="destination">At least <c>rowCount * Columns</c> values.</param>
    void CopyRows(long firstRow, int rowCount, Span<float> destination);

    /// <summary>
    /// Gives the rows without copying when they are stored as little-endian float32 (a view of the
    /// mapped file); returns <see langword="false"/> otherwise, and the caller uses <see cref="CopyRows"/>.
    /// The span stays valid while the matrix's file is open.
    /// </summary>
    /// <param name="firstRow">The first row.</param>
    /// <param name="rowCount">How many rows; <c>rowCount * Columns</c> must fit in an <see cref="int"/>.</param>
    /// <param name="rows">The rows, row-major.</param>
    /// <returns>Whether a direct view exists.</returns>
    bool TryGetRows(long firstRow, int rowCount, out ReadOnlySpan<float> rows);
}
