using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Models;

namespace GroupReduce.Core.Matrices;

/// <summary>
/// A weight stored <c>[d, V]</c> (an ONNX logits weight multiplied directly, <c>MatMul(h, W)</c>) read as the
/// <c>[V, d]</c> matrix the engine compresses: one row per vocabulary item. The transpose is made once, in memory
/// (a solver reads rows many times; reading a column of the stored tensor per row would touch all of it each time).
/// </summary>
internal sealed class TransposedRowMatrix : IRowMatrix
{
    private readonly float[] _values;

    private TransposedRowMatrix(string name, long rows, int columns, float[] values)
    {
        Name = name;
        Rows = rows;
        Columns = columns;
        _values = values;
    }

    public string Name { get; }

    public long Rows { get; }

    public int Columns { get; }

    /// <summary>Reads a stored <c>[d, V]</c> matrix and transposes it.</summary>
    /// <param name="stored">The matrix as stored: <c>d</c> rows of <c>V</c> values.</param>
    /// <param name="path">The model file, for the error.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The <c>[V, d]</c> matrix.</returns>
    public static TransposedRowMatrix Of(IRowMatrix stored, string path, CancellationToken cancellationToken)
    {
        long vocabulary = stored.Columns;
        if (stored.Rows > int.MaxValue || vocabulary * stored.Rows > Array.MaxLength)
        {
            throw new GroupReduceException(
                ModelErrorCodes.InvalidShape,
                $"'{stored.Name}' is stored [{stored.Rows}, {vocabulary}] (vocabulary in columns); transposing it takes {vocabulary * stored.Rows} values, more than one array holds. Export the weight as [V, d] (nn.Linear's layout, through a Transpose).",
                SourceLocation.OfFile(path));
        }

        int width = (int)stored.Rows;
        var values = new float[vocabulary * width];
        var row = new float[vocabulary];
        for (int j = 0; j < width; j++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            stored.CopyRows(j, 1, row);
            for (long i = 0; i < vocabulary; i++)
            {
                values[(i * width) + j] = row[i];
            }
        }

        return new TransposedRowMatrix(stored.Name, vocabulary, width, values);
    }

    public void CopyRows(long firstRow, int rowCount, Span<float> destination) =>
        _values.AsSpan(checked((int)(firstRow * Columns)), rowCount * Columns).CopyTo(destination);

    public bool TryGetRows(long firstRow, int rowCount, out ReadOnlySpan<float> rows)
    {
        rows = _values.AsSpan(checked((int)(firstRow * Columns)), rowCount * Columns);
        return true;
    }
}
