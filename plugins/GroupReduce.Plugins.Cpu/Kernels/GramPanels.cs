namespace GroupReduce.Plugins.Cpu.Kernels;

/// <summary>
/// Rows packed for the Gram kernel: for each block of <see cref="BlockSteps"/> rows, the columns cut
/// into panels of <see cref="Width"/> (zero past the last column), each panel one row after another. Block <c>b</c>
/// starts at <c>b · Panels · BlockSteps · Width</c>, its panel <c>q</c> at <c>q · BlockSteps · Width</c>, and row
/// <c>p</c> of that panel at <c>p · Width</c>, whatever the block's actual row count.
/// </summary>
internal readonly unsafe struct GramPanels
{
    /// <summary>Rows per block: a panel of 16 floats is then 16 KiB, half of L1, and stays there while the tiles of its column stream past.</summary>
    public const int BlockSteps = 256;

    /// <summary>Describes packed rows.</summary>
    /// <param name="data">The first block.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns (before padding).</param>
    /// <param name="width">Panel width.</param>
    public GramPanels(float* data, int rows, int columns, int width)
    {
        Data = data;
        Rows = rows;
        Columns = columns;
        Width = width;
    }

    /// <summary>The first block.</summary>
    public float* Data { get; }

    /// <summary>Rows.</summary>
    public int Rows { get; }

    /// <summary>Columns (before padding).</summary>
    public int Columns { get; }

    /// <summary>Panel width.</summary>
    public int Width { get; }

    /// <summary>Panels per block.</summary>
    public int Panels => (Columns + Width - 1) / Width;

    /// <summary>Values in one block.</summary>
    public long BlockLength => (long)Panels * BlockSteps * Width;

    /// <summary>Values needed for <paramref name="rows"/> rows of <paramref name="columns"/> columns in panels of <paramref name="width"/>.</summary>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    /// <param name="width">Panel width.</param>
    /// <returns>The length.</returns>
    public static long Length(int rows, int columns, int width) =>
        (long)((rows + BlockSteps - 1) / BlockSteps) * ((columns + width - 1) / width) * BlockSteps * width;

    /// <summary>Where row <paramref name="row"/>'s values of panel <paramref name="panel"/> go.</summary>
    /// <param name="row">The row.</param>
    /// <param name="panel">The panel.</param>
    /// <returns>Its first element.</returns>
    public float* At(int row, int panel) =>
        Data + ((row / BlockSteps) * BlockLength) + (((long)panel * BlockSteps) + (row % BlockSteps)) * Width;
}
