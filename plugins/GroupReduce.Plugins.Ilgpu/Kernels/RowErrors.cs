using ILGPU;

namespace GroupReduce.Plugins.Ilgpu.Kernels;

/// <summary>
/// Per-row squared error and squared norm of an approximation, in double precision: <c>Σ_j (a_ij − â_ij)²</c> and
/// <c>Σ_j a_ij²</c>. One thread per row, summing in column order (no barriers, no dependence on scheduling); the host
/// weights and sums the rows in row order.
/// </summary>
internal static class RowErrors
{
    /// <summary>The kernel, over one thread per row.</summary>
    /// <param name="index">The row.</param>
    /// <param name="rows">The exact rows, <c>rows x columns</c>.</param>
    /// <param name="approximation">The approximation, same shape.</param>
    /// <param name="output">Per row: the error at <c>2i</c>, the norm at <c>2i + 1</c>.</param>
    /// <param name="columns">Values per row.</param>
    public static void Kernel(Index1D index, ArrayView<float> rows, ArrayView<float> approximation, ArrayView<double> output, int columns)
    {
        int row = index;
        int d = columns;
        int begin = row * d;
        double error = 0;
        double norm = 0;
        for (int j = begin; j < begin + d; j++)
        {
            double value = rows[j];
            double difference = value - approximation[j];
            error += difference * difference;
            norm += value * value;
        }

        output[2 * row] = error;
        output[(2 * row) + 1] = norm;
    }
}
