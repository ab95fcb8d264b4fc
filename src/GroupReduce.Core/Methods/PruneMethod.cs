using System.Diagnostics;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Budget;
using GroupReduce.Core.Matrices;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Storage;

namespace GroupReduce.Core.Methods;

/// <summary>
/// The pruning baseline: keep the largest-magnitude entries of each matrix that fit the budget, stored
/// as compressed sparse rows (int32 row starts, uint16 column indices where the width allows, float32
/// values). The threshold is found exactly with two histogram passes over the float bit patterns; ties
/// at the threshold are kept in row-major order, so the result is deterministic.
/// </summary>
internal sealed class PruneMethod(MethodContext context)
{
    private const int ChunkRows = 1024;

    public MethodResult Run(bool keepEntries)
    {
        var clock = Stopwatch.StartNew();
        var stored = new List<StoredMatrix>();
        foreach (ResolvedMatrix matrix in context.Matrices)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            CostAmount share = context.Budget.Share(matrix.OriginalBytes, matrix.OriginalParameters);
            long keep = KeptEntries(matrix, share);
            SparseRows sparse = Prune(matrix, keep, out ReconstructionError error);
            stored.Add(new StoredMatrix
            {
                Matrix = matrix,
                Method = CompressionMethod.Prune,
                Groups = [],
                Sparse = keepEntries ? sparse : new SparseRows { RowStart = [], ColumnIndices = [], Values = [], ColumnIndexBytes = sparse.ColumnIndexBytes, },
                Error = error,
                PrunedBytes = sparse.Bytes,
            });
        }

        return new MethodResult { Method = CompressionMethod.Prune, Matrices = stored, Partitions = [], Seconds = clock.Elapsed.TotalSeconds };
    }

    private long KeptEntries(ResolvedMatrix matrix, CostAmount share)
    {
        long total = matrix.Rows * matrix.Columns;
        int indexBytes = matrix.Columns <= 65536 ? 2 : 4;
        long keep = context.Budget.CountsBytes
            ? (share.Value - ((matrix.Rows + 1) * 4)) / (indexBytes + 4)
            : share.Value;
        if (keep < 0)
        {
            throw new GroupReduceException(
                ErrorCodes.BudgetTooSmall,
                $"pruning '{matrix.Name}' needs at least {(matrix.Rows + 1) * 4:N0} bytes for its row starts, but its budget is {share}; raise the budget",
                context.Budget.Location);
        }

        return Math.Min(Math.Min(keep, total), Array.MaxLength);
    }

    private SparseRows Prune(ResolvedMatrix matrix, long keep, out ReconstructionError error)
    {
        IRowMatrix source = matrix.Matrix;
        int d = source.Columns;
        long rows = source.Rows;
        (uint threshold, long ties) = Threshold(source, keep);

        // Count per row what stays, then hand out the threshold ties in row-major order.
        var greater = new int[rows];
        var equal = new int[rows];
        ForChunks(source, (first, values) =>
        {
            int count = values.Length / d;
            for (int r = 0; r < count; r++)
            {
                int g = 0, e = 0;
                foreach (float v in values.Slice(r * d, d))
                {
                    uint bits = AbsBits(v);
                    g += bits > threshold ? 1 : 0;
                    e += bits == threshold ? 1 : 0;
                }

                greater[first + r] = g;
                equal[first + r] = e;
            }
        });

        var rowStart = new long[rows + 1];
        var tiesTaken = new int[rows];
        long tiesLeft = ties;
        for (long i = 0; i < rows; i++)
        {
            int take = (int)Math.Min(equal[i], tiesLeft);
            tiesLeft -= take;
            tiesTaken[i] = take;
            rowStart[i + 1] = rowStart[i] + greater[i] + take;
        }

        var columns = new int[rowStart[rows]];
        var kept = new float[rowStart[rows]];
        var dropped = new double[rows];
        ForChunks(source, (first, values) =>
        {
            int count = values.Length / d;
            for (int r = 0; r < count; r++)
            {
                long i = first + r;
                long at = rowStart[i];
                int ties = tiesTaken[i];
                double lost = 0;
                ReadOnlySpan<float> row = values.Slice(r * d, d);
                for (int j = 0; j < d; j++)
                {
                    float v = row[j];
                    uint bits = AbsBits(v);
                    if (bits > threshold || (bits == threshold && ties-- > 0))
                    {
                        columns[at] = j;
                        kept[at] = v;
                        at++;
                    }
                    else
                    {
                        lost += (double)v * v;
                    }
                }

                dropped[i] = lost;
            }
        });

        double[] weights = context.Frequencies[matrix.Rows].NormalizedWeights();
        double we = 0, wn = 0, e2 = 0, n2 = 0;
        for (long i = 0; i < rows; i++)
        {
            we += weights[i] * dropped[i];
            wn += weights[i] * matrix.RowNormsSquared[i];
            e2 += dropped[i];
            n2 += matrix.RowNormsSquared[i];
        }

        error = new ReconstructionError(we, wn, e2, n2);
        return new SparseRows { RowStart = rowStart, ColumnIndices = columns, Values = kept, ColumnIndexBytes = d <= 65536 ? 2 : 4 };
    }

    /// <summary>The magnitude bit pattern <c>T</c> such that fewer than <paramref name="keep"/> entries exceed it and at least that many reach it, and how many ties at <c>T</c> to keep.</summary>
    private (uint Threshold, long Ties) Threshold(IRowMatrix source, long keep)
    {
        long total = source.Rows * source.Columns;
        if (keep >= total)
        {
            return (0, total);
        }

        if (keep == 0)
        {
            return (uint.MaxValue, 0);
        }

        long[] high = Histogram(source, bits => (int)(bits >> 16), 1 << 15, null);
        (int highBin, long above) = Select(high, keep);
        long[] low = Histogram(source, bits => (int)(bits & 0xFFFF), 1 << 16, bits => (bits >> 16) == (uint)highBin);
        (int lowBin, long aboveInBin) = Select(low, keep - above);
        return (((uint)highBin << 16) | (uint)lowBin, keep - above - aboveInBin);
    }

    /// <summary>The highest bin whose count, with the bins above it, reaches <paramref name="keep"/>; and the count strictly above it.</summary>
    private static (int Bin, long Above) Select(long[] histogram, long keep)
    {
        long above = 0;
        for (int bin = histogram.Length - 1; bin >= 0; bin--)
        {
            if (above + histogram[bin] >= keep)
            {
                return (bin, above);
            }

            above += histogram[bin];
        }

        return (0, above);
    }

    private long[] Histogram(IRowMatrix source, Func<uint, int> bin, int bins, Func<uint, bool>? filter)
    {
        var partial = new System.Collections.Concurrent.ConcurrentBag<long[]>();
        ForChunks(source, (_, values) =>
        {
            var local = new long[bins];
            foreach (float v in values)
            {
                uint bits = AbsBits(v);
                if (filter is null || filter(bits))
                {
                    local[bin(bits)]++;
                }
            }

            partial.Add(local);
        });

        // Integer counts: the order of summation does not matter.
        var histogram = new long[bins];
        foreach (long[] local in partial)
        {
            for (int b = 0; b < bins; b++)
            {
                histogram[b] += local[b];
            }
        }

        return histogram;
    }

    private static uint AbsBits(float value) => BitConverter.SingleToUInt32Bits(value) & 0x7FFF_FFFFu;

    private void ForChunks(IRowMatrix source, Action<long, ReadOnlySpan<float>> body)
    {
        long chunks = (source.Rows + ChunkRows - 1) / ChunkRows;
        Parallel.For(
            0,
            chunks,
            new ParallelOptions { MaxDegreeOfParallelism = context.Threads, CancellationToken = context.CancellationToken },
            () => new float[ChunkRows * source.Columns],
            (chunk, _, buffer) =>
            {
                long first = chunk * ChunkRows;
                int count = (int)Math.Min(ChunkRows, source.Rows - first);
                if (!source.TryGetRows(first, count, out ReadOnlySpan<float> values))
                {
                    source.CopyRows(first, count, buffer);
                    values = buffer.AsSpan(0, count * source.Columns);
                }

                body(first, values);
                return buffer;
            },
            _ => { });
    }
}
