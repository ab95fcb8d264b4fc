using System.Numerics.Tensors;
using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Core.Evaluation;

/// <summary>An original (uncompressed) matrix held as float32: the reference evaluation compares against.</summary>
internal sealed class DenseScoringMatrix : IScoringMatrix
{
    private readonly float[] _values;

    public DenseScoringMatrix(float[] values, int rows, int columns)
    {
        _values = values;
        Rows = rows;
        Columns = columns;
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Reads a model matrix whole (vocabulary matrices of the models eval runs are small enough to hold).</summary>
    /// <param name="matrix">The matrix.</param>
    /// <returns>The dense copy.</returns>
    public static DenseScoringMatrix Read(IRowMatrix matrix)
    {
        var values = new float[checked(matrix.Rows * matrix.Columns)];
        matrix.CopyRows(0, (int)matrix.Rows, values);
        return new DenseScoringMatrix(values, (int)matrix.Rows, matrix.Columns);
    }

    public void GetRow(int row, Span<float> destination) => _values.AsSpan(row * Columns, Columns).CopyTo(destination);

    public void MultiplyBatch(ReadOnlySpan<float> xs, int count, Span<float> results)
    {
        // Row-outer: each row is read once per batch and stays in L1 while it meets every vector,
        // so the matrix streams from memory once per batch rather than once per vector.
        int columns = Columns;
        for (int i = 0; i < Rows; i++)
        {
            ReadOnlySpan<float> row = _values.AsSpan(i * columns, columns);
            for (int b = 0; b < count; b++)
            {
                results[(b * Rows) + i] = TensorPrimitives.Dot(row, xs.Slice(b * columns, columns));
            }
        }
    }
}
