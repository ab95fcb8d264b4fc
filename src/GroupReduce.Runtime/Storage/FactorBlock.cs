using GroupReduce.Runtime.Format;

namespace GroupReduce.Runtime.Storage;

/// <summary>A stored block (<c>u</c>, <c>v</c> or <c>dense</c>): rows x columns in consecutive parts.</summary>
internal sealed class FactorBlock
{
    private readonly FactorPart[] _parts;

    // Rows of a part are looked up often; most blocks have one part, so this stays cheap.
    private readonly long[] _starts;

    private FactorBlock(FactorPart[] parts, long rows, int columns)
    {
        _parts = parts;
        _starts = parts.Select(p => p.FirstRow).ToArray();
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Rows.</summary>
    public long Rows { get; }

    /// <summary>Columns.</summary>
    public int Columns { get; }

    /// <summary>The non-empty parts, in row order (products walk them part by part, decoding runs of rows at once).</summary>
    public ReadOnlySpan<FactorPart> Parts => _parts;

    /// <summary>Reads a block's parts and checks that they cover its rows in order, without gaps.</summary>
    /// <param name="file">The artifact.</param>
    /// <param name="parts">The manifest's part list.</param>
    /// <param name="rows">The block's rows.</param>
    /// <param name="columns">The block's columns.</param>
    /// <param name="where">Where in the manifest, for messages.</param>
    /// <returns>The block.</returns>
    public static FactorBlock Read(MappedSafetensors file, JsonField parts, long rows, int columns, string where)
    {
        var list = new List<FactorPart>();
        long next = 0;
        int index = 0;
        foreach (JsonField json in parts.Items())
        {
            FactorPart part = FactorPart.Read(file, json, columns, $"{where} part {index}");
            if (part.FirstRow != next)
            {
                throw file.Corrupt($"{where} part {index}: starts at row {part.FirstRow}, but the parts before it end at row {next}");
            }

            if (part.Rows > rows - next)
            {
                throw file.Corrupt($"{where} part {index}: rows {part.FirstRow} to {part.FirstRow + part.Rows - 1} run past the block's {rows} rows");
            }

            next += part.Rows;
            index++;

            // An empty part holds nothing to look up, and would share its start with the next one.
            if (part.Rows > 0)
            {
                list.Add(part);
            }
        }

        if (next != rows)
        {
            throw file.Corrupt($"{where}: the parts cover {next} rows; the block has {rows}");
        }

        return new FactorBlock([.. list], rows, columns);
    }

    /// <summary>Decodes one row.</summary>
    /// <param name="row">The row within the block.</param>
    /// <param name="destination">At least <see cref="Columns"/> values.</param>
    public void DecodeRow(long row, Span<float> destination)
    {
        (FactorPart part, int local) = Locate(row);
        part.DecodeRow(local, destination);
    }

    /// <summary>The row straight from the file when stored as float32, else decoded into <paramref name="buffer"/>.</summary>
    /// <param name="row">The row within the block.</param>
    /// <param name="buffer">Scratch space of at least <see cref="Columns"/> values.</param>
    /// <returns>The row's values.</returns>
    public ReadOnlySpan<float> Row(long row, Span<float> buffer)
    {
        (FactorPart part, int local) = Locate(row);
        ReadOnlySpan<float> direct = part.DirectRow(local);
        if (!direct.IsEmpty || part.Columns == 0)
        {
            return direct;
        }

        part.DecodeRow(local, buffer);
        return buffer[..part.Columns];
    }

    /// <summary>The whole block decoded and transposed: columns x rows, row-major (for the small <c>v</c> factors kept in memory).</summary>
    /// <returns>Columns x rows values.</returns>
    public float[] DecodeTransposed()
    {
        var values = new float[checked(Rows * Columns)];
        var row = new float[Columns];
        for (long r = 0; r < Rows; r++)
        {
            DecodeRow(r, row);
            for (int j = 0; j < Columns; j++)
            {
                values[(j * Rows) + r] = row[j];
            }
        }

        return values;
    }

    private (FactorPart Part, int Local) Locate(long row)
    {
        int index = _parts.Length == 1 ? 0 : Array.BinarySearch(_starts, row);
        if (index < 0)
        {
            index = ~index - 1;
        }

        FactorPart part = _parts[index];
        return (part, (int)(row - part.FirstRow));
    }
}
