using System.Numerics;
using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Core.Matrices;

/// <summary>
/// One parallel pass over a matrix that finds NaN and infinite values and measures every row's squared
/// norm (non-finite values counted as zero). Fixed chunk boundaries keep the answer deterministic.
/// </summary>
internal static class NonFiniteScanner
{
    private const int ChunkValues = 1 << 20;

    /// <summary>Counts non-finite values, returns the first one's row and column (or -1), and fills <paramref name="rowNormsSquared"/>.</summary>
    public static (long Count, long FirstRow, int FirstColumn) Scan(IRowMatrix matrix, double[] rowNormsSquared, int threads, CancellationToken cancellationToken)
    {
        int rowsPerChunk = Math.Max(1, ChunkValues / Math.Max(matrix.Columns, 1));
        long chunks = (matrix.Rows + rowsPerChunk - 1) / rowsPerChunk;
        var counts = new long[chunks];
        var firsts = new long[chunks];
        Array.Fill(firsts, -1);
        Parallel.For(
            0,
            chunks,
            new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken },
            () => new float[(long)rowsPerChunk * matrix.Columns],
            (chunk, _, buffer) =>
            {
                long first = chunk * rowsPerChunk;
                int rows = (int)Math.Min(rowsPerChunk, matrix.Rows - first);
                ReadOnlySpan<float> values = matrix.TryGetRows(first, rows, out ReadOnlySpan<float> direct)
                    ? direct
                    : Fill(matrix, first, rows, buffer);
                long count = Count(values, out int firstIndex);
                counts[chunk] = count;
                for (int r = 0; r < rows; r++)
                {
                    rowNormsSquared[first + r] = SquaredNorm(values.Slice(r * matrix.Columns, matrix.Columns), count > 0);
                }

                if (count > 0)
                {
                    firsts[chunk] = (first * matrix.Columns) + firstIndex;
                }

                return buffer;
            },
            _ => { });

        long total = counts.Sum();
        long firstFlat = firsts.FirstOrDefault(f => f >= 0, -1);
        return firstFlat < 0 ? (total, -1, -1) : (total, firstFlat / matrix.Columns, (int)(firstFlat % matrix.Columns));
    }

    /// <summary>Counts non-finite values in <paramref name="values"/>.</summary>
    public static long Count(ReadOnlySpan<float> values, out int firstIndex)
    {
        firstIndex = -1;
        long count = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // x - x is 0 for every finite x and NaN for NaN and ±Inf.
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(values[i..]);
                Vector<int> bad = Vector.OnesComplement(Vector.Equals(v - v, Vector<float>.Zero));
                if (!bad.Equals(Vector<int>.Zero))
                {
                    for (int k = 0; k < Vector<float>.Count; k++)
                    {
                        if (!float.IsFinite(values[i + k]))
                        {
                            count++;
                            if (firstIndex < 0)
                            {
                                firstIndex = i + k;
                            }
                        }
                    }
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                count++;
                if (firstIndex < 0)
                {
                    firstIndex = i;
                }
            }
        }

        return count;
    }

    private static double SquaredNorm(ReadOnlySpan<float> row, bool mayHoldNonFinite)
    {
        double sum = 0;
        if (!mayHoldNonFinite)
        {
            // Single-precision dot products are accurate enough per row; the sum over rows is in double.
            return System.Numerics.Tensors.TensorPrimitives.Dot(row, row);
        }

        foreach (float value in row)
        {
            if (float.IsFinite(value))
            {
                sum += (double)value * value;
            }
        }

        return sum;
    }

    private static ReadOnlySpan<float> Fill(IRowMatrix matrix, long first, int rows, float[] buffer)
    {
        Span<float> span = buffer.AsSpan(0, rows * matrix.Columns);
        matrix.CopyRows(first, rows, span);
        return span;
    }
}
