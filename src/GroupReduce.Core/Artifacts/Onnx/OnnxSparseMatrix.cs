using DataType = Onnx.TensorProto.Types.DataType;
using GroupReduce.Core.Storage;
using GroupReduce.Runtime.Format;

namespace GroupReduce.Core.Artifacts.Onnx;

/// <summary>
/// A pruned matrix as ONNX: its kept entries (row and column as INT32, values as FLOAT) scattered into zeros by
/// <c>ScatterND</c> (opset 11). The file holds the entries only; ONNX Runtime builds the dense matrix once at load.
/// </summary>
internal static class OnnxSparseMatrix
{
    /// <summary>The dense float32 value of a pruned matrix, in the prefix.</summary>
    /// <param name="builder">The graph builder.</param>
    /// <param name="name">The matrix's tensor name.</param>
    /// <param name="sparse">Its kept entries.</param>
    /// <param name="rows">Its rows.</param>
    /// <param name="columns">Its columns.</param>
    /// <returns>The value's name.</returns>
    public static string Dense(OnnxGraphBuilder builder, string name, SparseRows sparse, long rows, int columns) => builder.InPrefix(() =>
    {
        var entryRows = new int[sparse.Values.Length];
        for (int i = 0; i < rows; i++)
        {
            for (long e = sparse.RowStart[i]; e < sparse.RowStart[i + 1]; e++)
            {
                entryRows[e] = i;
            }
        }

        const long int64 = (long)DataType.Int64;
        string column = builder.Int64s($"{name}.gr.sparse.column", -1, 1);
        string rowIndices = builder.Add("Reshape", $"{name}.gr.sparse.rows", [builder.Add("Cast", $"{name}.gr.sparse.rows.i64", [builder.Int32s(TensorNames.SparseRowStart(name) + ".rows", entryRows)], OnnxGraphBuilder.Int("to", int64)), column]);
        string columnIndices = builder.Add("Reshape", $"{name}.gr.sparse.columns", [builder.Add("Cast", $"{name}.gr.sparse.columns.i64", [builder.Int32s(TensorNames.SparseColumns(name), sparse.ColumnIndices)], OnnxGraphBuilder.Int("to", int64)), column]);
        string indices = builder.Add("Concat", $"{name}.gr.sparse.indices", [rowIndices, columnIndices], OnnxGraphBuilder.Int("axis", 1));
        string values = builder.Floats(TensorNames.SparseValues(name), [sparse.Values.Length], sparse.Values);
        string zeros = builder.Add("ConstantOfShape", $"{name}.gr.sparse.zeros", [builder.Int64s($"{name}.gr.sparse.shape", rows, columns)]);
        return builder.Add("ScatterND", $"{name}.gr.dense", [zeros, indices, values]);
    });
}
