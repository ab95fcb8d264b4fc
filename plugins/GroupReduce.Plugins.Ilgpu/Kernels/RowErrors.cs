using ILGPU;

namespace GroupReduce.Plugins.Ilgpu.Kernels;

/// <summary>
/// Per-row squared error and squared norm of an approximation, in double precision: <c>Σ_j (a_ij − â_ij)²</c> and
/// <c>Σ_j a_ij²</c>. One group per row with a fixed tree reduction; the host weights and sums the rows in row order.
/// </summary>
internal static class RowErrors
{
    /// <summary>The kernel: grid <c>rows</c> groups of <c>groupSize</c> threads.</summary>
    /// <param name="rows">The exact rows, <c>rows x columns</c>.</param>
    /// <param name="approximation">The approximation, same shape.</param>
    /// <param name="output">Per row: the error at <c>2i</c>, the norm at <c>2i + 1</c>.</param>
    /// <param name="columns">Values per row.</param>
    /// <param name="groupSize">Threads per group, a power of two up to <see cref="SegmentSums.MaxGroupSize"/>.</param>
    public static void Kernel(ArrayView<float> rows, ArrayView<float> approximation, ArrayView<double> output, int columns, int groupSize)
    {
        ArrayView<double> errors = SharedMemory.Allocate<double>(SegmentSums.MaxGroupSize);
        ArrayView<double> norms = SharedMemory.Allocate<double>(SegmentSums.MaxGroupSize);
        int d = columns;
        int size = groupSize;
        int row = Grid.IdxX;
        int self = Group.IdxX;
        int begin = row * d;
        double error = 0;
        double norm = 0;
        for (int j = self; j < d; j += size)
        {
            double value = rows[begin + j];
            double difference = value - approximation[begin + j];
            error += difference * difference;
            norm += value * value;
        }

        errors[self] = error;
        norms[self] = norm;
        Group.Barrier();
        for (int step = size / 2; step > 0; step /= 2)
        {
            if (self < step)
            {
                errors[self] += errors[self + step];
                norms[self] += norms[self + step];
            }

            Group.Barrier();
        }

        if (self == 0)
        {
            output[2 * row] = errors[0];
            output[(2 * row) + 1] = norms[0];
        }
    }
}
