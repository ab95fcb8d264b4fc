using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Core.Calibration;

/// <summary>
/// A matrix's rows in a metric's whitened coordinates (<c>A L</c>), held in memory: the solver fits, scores and projects
/// these, so its squared errors are the metric's errors. Built once, in parallel, row for row the same on every run.
/// </summary>
internal sealed class WhitenedRowMatrix : IRowMatrix
{
    private const int Block = 1024;

    private readonly float[] _values;

    public WhitenedRowMatrix(IRowMatrix original, RowMetric metric, int threads, CancellationToken cancellationToken)
    {
        if (metric.Columns != original.Columns)
        {
            throw new ArgumentException($"a {metric.Columns}-wide metric for the {original.Columns}-wide '{original.Name}'", nameof(metric));
        }

        Name = original.Name;
        Rows = original.Rows;
        Columns = original.Columns;
        _values = new float[checked(Rows * Columns)];
        int blocks = (int)((Rows + Block - 1) / Block);
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken }, b =>
        {
            long first = (long)b * Block;
            int count = (int)Math.Min(Block, Rows - first);
            Span<float> values = _values.AsSpan((int)(first * Columns), count * Columns);
            original.CopyRows(first, count, values);
            metric.Whiten(values, count);
        });
    }

    public string Name { get; }

    public long Rows { get; }

    public int Columns { get; }

    public void CopyRows(long firstRow, int rowCount, Span<float> destination) =>
        _values.AsSpan((int)(firstRow * Columns), rowCount * Columns).CopyTo(destination);

    public bool TryGetRows(long firstRow, int rowCount, out ReadOnlySpan<float> rows)
    {
        rows = _values.AsSpan((int)(firstRow * Columns), rowCount * Columns);
        return true;
    }
}
