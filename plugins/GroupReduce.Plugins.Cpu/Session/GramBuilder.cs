using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Kernels;

namespace GroupReduce.Plugins.Cpu.Session;

/// <summary>
/// Builds weighted Gram matrices <c>Σ w_i a_i a_iᵀ</c>: gathers a group's rows scaled by <c>√w_i</c> into a
/// chunk and adds the chunk's <c>XᵀX</c> to the double-precision upper triangle. The chunk size is fixed,
/// so the rounding of the result never depends on the thread count.
/// </summary>
internal sealed unsafe class GramBuilder : IDisposable
{
    /// <summary>Rows per chunk.</summary>
    public const int ChunkRows = 1024;

    private readonly IRowMatrix _matrix;
    private readonly float[] _rootWeights;
    private readonly DenseKernels _kernels;
    private readonly NativeBuffer<float> _chunk = new();

    /// <summary>Creates the builder.</summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="rootWeights"><c>√w_i</c> per row.</param>
    /// <param name="kernels">The kernels.</param>
    public GramBuilder(IRowMatrix matrix, float[] rootWeights, DenseKernels kernels)
    {
        _matrix = matrix;
        _rootWeights = rootWeights;
        _kernels = kernels;
    }

    /// <summary>Adds <c>sign · Σ w_i a_i a_iᵀ</c> over <paramref name="rows"/> to the upper triangle of <paramref name="gram"/>.</summary>
    /// <param name="rows">Strictly increasing rows.</param>
    /// <param name="gram">The <c>d x d</c> Gram (upper triangle used).</param>
    /// <param name="sign">+1 to add, −1 to remove.</param>
    /// <param name="cancellationToken">Stops the work between chunks.</param>
    /// <returns>The floating-point operations (the triangle only).</returns>
    public double Accumulate(ReadOnlySpan<int> rows, double* gram, double sign, CancellationToken cancellationToken)
    {
        int d = _matrix.Columns;
        float* chunk = _chunk.Ensure((long)ChunkRows * d);
        for (int start = 0; start < rows.Length; start += ChunkRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(ChunkRows, rows.Length - start);
            fixed (int* part = rows.Slice(start, count))
            {
                // Gathering is pure copying, so splitting it between workers cannot change any result.
                int* partAt = part;
                int workers = count >= 4 * _kernels.Threads ? _kernels.Threads : 1;
                _kernels.Runner.Run(workers, worker =>
                {
                    int first = count * worker / workers;
                    int end = count * (worker + 1) / workers;
                    GatherScaled(partAt + first, end - first, chunk + ((long)first * d));
                });
            }

            _kernels.AccumulateGramUpper(new MatrixView<float>(chunk, count, d, d), gram, d, sign);
        }

        return (double)rows.Length * d * (d + 1);
    }

    /// <inheritdoc />
    public void Dispose() => _chunk.Dispose();

    private void GatherScaled(int* rows, int count, float* destination)
    {
        int d = _matrix.Columns;
        RowCopier.Gather(_matrix, new ReadOnlySpan<int>(rows, count), destination);
        for (int i = 0; i < count; i++)
        {
            var row = new Span<float>(destination + ((long)i * d), d);
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, _rootWeights[rows[i]], row);
        }
    }
}
