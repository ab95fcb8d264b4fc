using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Cpu.Session;

/// <summary>
/// Builds weighted Gram matrices <c>Σ w_i a_i a_iᵀ</c> from a group's rows, chunk by chunk: each row is read once,
/// scaled by <c>√w_i</c> and written straight into the panels the Gram kernel reads (<see cref="GramPanels"/>), and
/// the next chunk is gathered in the same parallel step that multiplies the current one, by whichever worker is free,
/// so there is one barrier per chunk. The chunking is fixed, so the rounding of the result never depends on the thread count.
/// </summary>
internal sealed unsafe class GramBuilder : IDisposable
{
    /// <summary>Rows per chunk.</summary>
    public const int ChunkRows = 1024;

    /// <summary>
    /// Chunks whose products are summed in single precision before the sum is added to the double-precision Gram:
    /// 16 block sums of at most 256 terms each, so the extra roundings stay well below those of the blocks' own chains.
    /// </summary>
    public const int SlabChunks = 4;

    // Rows a worker gathers at a time.
    private const int GatherPiece = 32;

    private readonly IRowMatrix _matrix;
    private readonly float[] _rootWeights;
    private readonly DenseKernels _kernels;
    private readonly NativeBuffer<float>[] _chunks = [new(), new()];
    private readonly NativeBuffer<float>[] _staging;
    private readonly Action<int> _step;

    // The running call, read by the parallel step.
    private int* _rows;
    private int _rowCount;
    private int _chunkCount;
    private int _current;
    private int _nextPiece;
    private int _workers;
    private double* _gram;
    private double _sign;

    /// <summary>Creates the builder.</summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="rootWeights"><c>√w_i</c> per row.</param>
    /// <param name="kernels">The kernels.</param>
    public GramBuilder(IRowMatrix matrix, float[] rootWeights, DenseKernels kernels)
    {
        _matrix = matrix;
        _rootWeights = rootWeights;
        _kernels = kernels;
        _staging = new NativeBuffer<float>[kernels.Threads];
        for (int t = 0; t < _staging.Length; t++)
        {
            _staging[t] = new NativeBuffer<float>();
        }

        _step = Step;
    }

    /// <summary>Adds <c>sign · Σ w_i a_i a_iᵀ</c> over <paramref name="rows"/> to the upper triangle of <paramref name="gram"/>.</summary>
    /// <param name="rows">Strictly increasing rows.</param>
    /// <param name="gram">The <c>d x d</c> Gram (upper triangle used).</param>
    /// <param name="sign">+1 to add, −1 to remove.</param>
    /// <param name="cancellationToken">Stops the work between chunks (the Gram is then incomplete).</param>
    /// <returns>The floating-point operations (the triangle only).</returns>
    public double Accumulate(ReadOnlySpan<int> rows, double* gram, double sign, CancellationToken cancellationToken)
    {
        int d = _matrix.Columns;
        if (rows.IsEmpty)
        {
            return 0;
        }

        long length = GramPanels.Length(ChunkRows, d, _kernels.GramPanelWidth);
        _chunks[0].Ensure(length);
        _chunks[1].Ensure(length);
        fixed (int* list = rows)
        {
            _rows = list;
            _rowCount = rows.Length;
            _chunkCount = (rows.Length + ChunkRows - 1) / ChunkRows;
            _workers = _kernels.GramWorkers(Math.Min(rows.Length, ChunkRows), d);
            _gram = gram;
            _sign = sign;
            try
            {
                // Step k multiplies chunk k and gathers chunk k + 1; step −1 only gathers chunk 0.
                for (int chunk = -1; chunk < _chunkCount; chunk++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    _current = chunk;
                    _nextPiece = -1;
                    _kernels.Runner.Run(_workers, _step);
                }
            }
            finally
            {
                _rows = null;
                _gram = null;
            }
        }

        return (double)rows.Length * d * (d + 1);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (NativeBuffer<float> buffer in _chunks)
        {
            buffer.Dispose();
        }

        foreach (NativeBuffer<float> buffer in _staging)
        {
            buffer.Dispose();
        }
    }

    private GramPanels Chunk(int chunk) =>
        new(_chunks[chunk % 2].Pointer, Math.Min(ChunkRows, _rowCount - (chunk * ChunkRows)), _matrix.Columns, _kernels.GramPanelWidth);

    private void Step(int worker)
    {
        int chunk = _current;
        if (chunk >= 0)
        {
            (int first, int end) = _kernels.GramColumns(_matrix.Columns, worker, _workers);
            bool start = chunk % SlabChunks == 0;
            bool flush = chunk % SlabChunks == SlabChunks - 1 || chunk == _chunkCount - 1;
            _kernels.AccumulateGramPanelsOn(worker, Chunk(chunk), first, end, _gram, _matrix.Columns, _sign, start, flush);
        }

        if (chunk + 1 < _chunkCount)
        {
            // Gathering is pure copying, so any split between workers gives the same chunk: workers take pieces as
            // they finish their products, which evens out both the products and the uneven cost of reading rows.
            GramPanels target = Chunk(chunk + 1);
            int* rows = _rows + ((long)(chunk + 1) * ChunkRows);
            for (int piece = Interlocked.Increment(ref _nextPiece); (long)piece * GatherPiece < target.Rows; piece = Interlocked.Increment(ref _nextPiece))
            {
                int begin = piece * GatherPiece;
                Gather(rows, begin, Math.Min(target.Rows, begin + GatherPiece), target, worker);
            }

            if (Sse.IsSupported)
            {
                // The panels were written with non-temporal stores; make them visible before the next step reads them.
                Sse.StoreFence();
            }
        }
    }

    /// <summary>Scales rows <c>[begin, end)</c> of a chunk by <c>√w</c> into their panels, one run of consecutive rows at a time.</summary>
    private void Gather(int* rows, int begin, int end, in GramPanels target, int worker)
    {
        int d = _matrix.Columns;
        int start = begin;
        while (start < end)
        {
            int stop = start + 1;
            while (stop < end && rows[stop] == rows[stop - 1] + 1)
            {
                stop++;
            }

            if (_matrix.TryGetRows(rows[start], stop - start, out ReadOnlySpan<float> view))
            {
                fixed (float* source = view)
                {
                    for (int i = start; i < stop; i++)
                    {
                        Scatter(source + ((long)(i - start) * d), _rootWeights[rows[i]], target, i);
                    }
                }
            }
            else
            {
                float* staging = _staging[worker].Ensure(d);
                for (int i = start; i < stop; i++)
                {
                    _matrix.CopyRows(rows[i], 1, new Span<float>(staging, d));
                    Scatter(staging, _rootWeights[rows[i]], target, i);
                }
            }

            start = stop;
        }
    }

    /// <summary>
    /// Writes <c>scale · source</c> as row <paramref name="row"/> of the panels, zero past the last column. Whole lines
    /// are written with non-temporal stores: the chunk is only read in the next step, after the kernel's own panels
    /// have cycled through the caches, so caching it on the way gains nothing, while these stores skip reading each
    /// line before overwriting it (a third less gathering time at OBW scale).
    /// </summary>
    private static void Scatter(float* source, float scale, in GramPanels target, int row)
    {
        int w = target.Width;
        int d = target.Columns;
        int whole = d / w;
        float* panel = target.At(row, 0);
        nint step = (nint)GramPanels.BlockSteps * w;
        int q = 0;
        if (w == Vector512<float>.Count && Vector512.IsHardwareAccelerated)
        {
            Vector512<float> factor = Vector512.Create(scale);
            for (; q < whole; q++, panel += step)
            {
                Vector512.StoreAlignedNonTemporal(Vector512.Load(source + (q * w)) * factor, panel);
            }
        }
        else if (w == Vector256<float>.Count && Vector256.IsHardwareAccelerated)
        {
            Vector256<float> factor = Vector256.Create(scale);
            for (; q < whole; q++, panel += step)
            {
                Vector256.StoreAlignedNonTemporal(Vector256.Load(source + (q * w)) * factor, panel);
            }
        }

        for (; q < whole; q++, panel += step)
        {
            for (int j = 0; j < w; j++)
            {
                panel[j] = source[(q * w) + j] * scale;
            }
        }

        if (whole * w < d)
        {
            int present = d - (whole * w);
            for (int j = 0; j < w; j++)
            {
                panel[j] = j < present ? source[(whole * w) + j] * scale : 0;
            }
        }
    }
}
