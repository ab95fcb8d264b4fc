using GroupReduce.Runtime;

namespace GroupReduce.Core.Evaluation;

/// <summary>A compressed matrix, evaluated through the runtime library apps ship, so eval measures exactly what they get.</summary>
internal sealed class CompressedScoringMatrix(CompressedMatrix matrix) : IScoringMatrix
{
    public int Rows => matrix.Rows;

    public int Columns => matrix.Columns;

    public void GetRow(int row, Span<float> destination) => matrix.GetRow(row, destination);

    public void MultiplyBatch(ReadOnlySpan<float> xs, int count, Span<float> results)
    {
        for (int b = 0; b < count; b++)
        {
            matrix.Multiply(xs.Slice(b * Columns, Columns), results.Slice(b * Rows, Rows));
        }
    }
}
