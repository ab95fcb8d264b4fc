using System.Runtime.InteropServices;
using GroupReduce.Runtime.Format;

namespace GroupReduce.Runtime.Storage;

/// <summary>A pruned matrix in compressed sparse rows, read into memory (it is the smallest form of the matrix).</summary>
/// <param name="RowStart">Row <c>i</c>'s entries are <c>[RowStart[i], RowStart[i+1])</c>.</param>
/// <param name="Columns">Each entry's column.</param>
/// <param name="Values">Each entry's value.</param>
internal sealed record SparseStorage(long[] RowStart, int[] Columns, float[] Values)
{
    /// <summary>Reads a matrix's <c>sparse</c> object (docs/format.md, 3.3) and checks its tensors against the file and each other.</summary>
    /// <param name="file">The artifact.</param>
    /// <param name="json">The matrix's <c>sparse</c> object.</param>
    /// <param name="matrix">The matrix's name, for messages.</param>
    /// <param name="rows">The matrix's rows.</param>
    /// <param name="columns">The matrix's columns.</param>
    /// <returns>The storage.</returns>
    public static SparseStorage Read(MappedSafetensors file, JsonField json, string matrix, int rows, int columns)
    {
        string name = Quoted.Of(matrix);
        long entries = json.Required("entries").Int64(0, long.MaxValue);
        TensorEntry starts = file.Require(json.Required("row_start").Name(), $"the row starts of {name}", "I32", "I64");
        TensorEntry indices = file.Require(json.Required("column_indices").Name(), $"the column indices of {name}", "U16", "I32");
        TensorEntry values = file.Require(json.Required("values").Name(), $"the values of {name}", "F32");
        if (starts.Shape is not [long startCount] || startCount != rows + 1L
            || indices.Shape is not [long indexCount] || indexCount != entries
            || values.Shape is not [long valueCount] || valueCount != entries)
        {
            throw file.Corrupt($"the sparse tensors of {name} disagree with its {rows} rows and {entries} entries: row starts {starts.ShapeText} (needs [{rows + 1L}]), column indices {indices.ShapeText} and values {values.ShapeText} (need [{entries}])");
        }

        // The tensors' sizes are checked against the file above, so these copies are bounded by it.
        long[] rowStart = starts.DType == "I64"
            ? MemoryMarshal.Cast<byte, long>(file.Bytes(starts)).ToArray()
            : Array.ConvertAll(MemoryMarshal.Cast<byte, int>(file.Bytes(starts)).ToArray(), s => (long)s);
        if (rowStart[0] != 0 || rowStart[rows] != entries)
        {
            throw file.Corrupt($"the row starts of {name} run from {rowStart[0]} to {rowStart[rows]}; they must run from 0 to {entries}");
        }

        for (int i = 0; i < rows; i++)
        {
            if (rowStart[i + 1] < rowStart[i])
            {
                throw file.Corrupt($"the row starts of {name} decrease at row {i}");
            }
        }

        int[] columnIndex = indices.DType == "I32"
            ? MemoryMarshal.Cast<byte, int>(file.Bytes(indices)).ToArray()
            : Array.ConvertAll(MemoryMarshal.Cast<byte, ushort>(file.Bytes(indices)).ToArray(), c => (int)c);
        for (long e = 0; e < columnIndex.Length; e++)
        {
            if ((uint)columnIndex[e] >= (uint)columns)
            {
                throw file.Corrupt($"{name} has a sparse entry in column {columnIndex[e]} (entry {e}); it has {columns} columns");
            }
        }

        float[] kept = MemoryMarshal.Cast<byte, float>(file.Bytes(values)).ToArray();
        return new SparseStorage(rowStart, columnIndex, kept);
    }
}
