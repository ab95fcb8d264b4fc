namespace GroupReduce.Plugins.Numerics;

/// <summary>
/// A B operand packed once for every block of a GEMM (the scoring bases, a projection basis), so that
/// many A chunks reuse it without repacking. Blocks follow the driver's loop order: column blocks of
/// <see cref="BlockColumns"/>, then step blocks of <see cref="BlockSteps"/>, each a run of panels.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed unsafe class PackedMatrix<T> : IDisposable
    where T : unmanaged
{
    private readonly NativeBuffer<T> _buffer = new();
    private long[] _offsets = [];
    private int _stepBlocks;

    /// <summary>Logical rows (the shared dimension).</summary>
    public int Steps { get; private set; }

    /// <summary>Logical columns.</summary>
    public int Columns { get; private set; }

    /// <summary>Steps per block.</summary>
    public int BlockSteps { get; private set; }

    /// <summary>Columns per block.</summary>
    public int BlockColumns { get; private set; }

    /// <summary>Panel width.</summary>
    public int PanelWidth { get; private set; }

    /// <summary>The path the layout was made for.</summary>
    public KernelPath Path { get; private set; }

    /// <summary>Lays out (and allocates) the blocks for a <paramref name="steps"/> x <paramref name="columns"/> operand.</summary>
    /// <param name="path">The kernel path.</param>
    /// <param name="steps">Logical rows.</param>
    /// <param name="columns">Logical columns.</param>
    /// <param name="blockSteps">Steps per block.</param>
    /// <param name="blockColumns">Columns per block (a multiple of <paramref name="panelWidth"/>).</param>
    /// <param name="panelWidth">Panel width.</param>
    public void Reset(KernelPath path, int steps, int columns, int blockSteps, int blockColumns, int panelWidth)
    {
        Path = path;
        Steps = steps;
        Columns = columns;
        BlockSteps = blockSteps;
        BlockColumns = blockColumns;
        PanelWidth = panelWidth;
        _stepBlocks = (steps + blockSteps - 1) / blockSteps;
        int columnBlocks = (columns + blockColumns - 1) / blockColumns;
        if (_offsets.Length < _stepBlocks * columnBlocks)
        {
            _offsets = new long[_stepBlocks * columnBlocks];
        }

        long offset = 0;
        int index = 0;
        for (int jc = 0; jc < columns; jc += blockColumns)
        {
            int nc = Math.Min(blockColumns, columns - jc);
            long paddedColumns = (nc + panelWidth - 1) / panelWidth * (long)panelWidth;
            for (int pc = 0; pc < steps; pc += blockSteps)
            {
                int kc = Math.Min(blockSteps, steps - pc);
                _offsets[index++] = offset;
                offset += paddedColumns * kc;
            }
        }

        _buffer.Ensure(offset);
    }

    /// <summary>The packed block starting at column <paramref name="jc"/> and step <paramref name="pc"/>.</summary>
    /// <param name="jc">A multiple of <see cref="BlockColumns"/>.</param>
    /// <param name="pc">A multiple of <see cref="BlockSteps"/>.</param>
    /// <returns>The block's first panel.</returns>
    public T* Block(int jc, int pc) => _buffer.Pointer + _offsets[(jc / BlockColumns * _stepBlocks) + (pc / BlockSteps)];

    /// <inheritdoc />
    public void Dispose() => _buffer.Dispose();
}
