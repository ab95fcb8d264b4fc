using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Ilgpu.Device;
using GroupReduce.Plugins.Solving;
using ILGPU;
using ILGPU.Runtime;

namespace GroupReduce.Plugins.Ilgpu.Session;

/// <summary>
/// Puts listed rows of the matrix on the device, one chunk at a time. Streamed: a chunk that is one run of rows goes
/// straight from the memory-mapped input to the device; other chunks are gathered run by run into one host staging
/// buffer first. Resident: the whole matrix is copied to the device once (chunk by chunk, from the mapping) and chunks
/// are gathered there, so refinement's repeated passes cross the bus only with row indices.
/// </summary>
internal sealed class RowLoader : IDisposable
{
    private readonly IRowMatrix _matrix;
    private readonly DeviceOps _ops;
    private readonly DeviceMemory _memory;
    private readonly int _chunkRows;
    private readonly GrowableBuffer<int> _indices;
    private MemoryBuffer1D<float, Stride1D.Dense>? _resident;
    private float[] _staging = [];

    /// <summary>Creates the loader.</summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="ops">The kernels.</param>
    /// <param name="memory">Where device buffers come from.</param>
    /// <param name="resident">Whether to keep the whole matrix on the device.</param>
    /// <param name="chunkRows">Rows per chunk when copying the matrix to the device.</param>
    public RowLoader(IRowMatrix matrix, DeviceOps ops, DeviceMemory memory, bool resident, int chunkRows)
    {
        _matrix = matrix;
        _ops = ops;
        _memory = memory;
        _chunkRows = chunkRows;
        IsResident = resident;
        _indices = new GrowableBuffer<int>(memory, "row indices");
    }

    /// <summary>Whether the matrix is (or will be, at first use) kept whole on the device.</summary>
    public bool IsResident { get; }

    /// <summary>Writes the rows into <paramref name="target"/> (<c>rows.Length x Columns</c>).</summary>
    /// <param name="rows">Strictly increasing rows, not empty.</param>
    /// <param name="target">The device chunk.</param>
    public void Load(ReadOnlySpan<int> rows, ArrayView<float> target)
    {
        int d = _matrix.Columns;
        if (IsResident)
        {
            ArrayView<float> source = EnsureResident();
            ArrayView<int> indices = _indices.View(rows.Length);
            indices.SubView(0, rows.Length).CopyFromCPU(rows);
            _ops.Gather(source, indices, target, rows.Length, d);
            return;
        }

        // A single run with a direct view of the mapping needs no staging copy.
        if (RowLists.IsRun(rows) && _matrix.TryGetRows(rows[0], rows.Length, out ReadOnlySpan<float> view))
        {
            target.SubView(0, (long)rows.Length * d).CopyFromCPU(view[..(rows.Length * d)]);
            return;
        }

        Span<float> staging = Staging(rows.Length * d);
        int start = 0;
        while (start < rows.Length)
        {
            int end = start + 1;
            while (end < rows.Length && rows[end] == rows[end - 1] + 1)
            {
                end++;
            }

            Copy(rows[start], end - start, staging.Slice(start * d, (end - start) * d));
            start = end;
        }

        // Staging is reused by the next chunk: the copy must have left it.
        target.SubView(0, (long)rows.Length * d).CopyFromCPU(staging);
        _ops.Synchronize();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _memory.Release(_resident);
        _resident = null;
        _indices.Dispose();
    }

    private ArrayView<float> EnsureResident()
    {
        if (_resident is not null)
        {
            return _resident.View;
        }

        int d = _matrix.Columns;
        long total = _matrix.Rows;
        _resident = _memory.Allocate<float>(total * d, $"a resident copy of '{_matrix.Name}'");
        for (long first = 0; first < total; first += _chunkRows)
        {
            int count = (int)Math.Min(_chunkRows, total - first);
            ArrayView<float> target = _resident.View.SubView(first * d, (long)count * d);
            if (_matrix.TryGetRows(first, count, out ReadOnlySpan<float> view))
            {
                target.CopyFromCPU(view[..(count * d)]);
            }
            else
            {
                Span<float> staging = Staging(count * d);
                _matrix.CopyRows(first, count, staging);
                target.CopyFromCPU(staging);
                _ops.Synchronize();
            }
        }

        _ops.Synchronize();
        return _resident.View;
    }

    private void Copy(long first, int count, Span<float> destination)
    {
        if (_matrix.TryGetRows(first, count, out ReadOnlySpan<float> view))
        {
            view[..destination.Length].CopyTo(destination);
        }
        else
        {
            _matrix.CopyRows(first, count, destination);
        }
    }

    private Span<float> Staging(int length)
    {
        if (_staging.Length < length)
        {
            _staging = new float[length];
        }

        return _staging.AsSpan(0, length);
    }
}
