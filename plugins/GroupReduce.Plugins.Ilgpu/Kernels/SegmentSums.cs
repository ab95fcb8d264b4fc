using ILGPU;

namespace GroupReduce.Plugins.Ilgpu.Kernels;

/// <summary>
/// Sums of squares over column ranges of each row, in double precision: the row norms <c>‖a‖²</c> (one range, the whole
/// row) and the per-group energies <c>‖V_gᵀ a‖²</c> of refinement (one range per group of the stacked scores). One group
/// of threads per (row, range) with a fixed tree reduction, so the result does not depend on scheduling.
/// </summary>
internal static class SegmentSums
{
    /// <summary>The largest group size the shared scratch holds.</summary>
    public const int MaxGroupSize = 256;

    /// <summary>The kernel: grid <c>Rows · Segments</c> groups of <c>GroupSize</c> threads.</summary>
    /// <param name="values">The rows.</param>
    /// <param name="offsets"><c>Segments + 1</c> column offsets.</param>
    /// <param name="output"><c>Rows x Segments</c> sums, row-major.</param>
    /// <param name="shape">The shape.</param>
    public static void Kernel(ArrayView<float> values, ArrayView<int> offsets, ArrayView<float> output, SegmentShape shape)
    {
        ArrayView<double> scratch = SharedMemory.Allocate<double>(MaxGroupSize);
        int segments = shape.Segments;
        int size = shape.GroupSize;
        int index = Grid.IdxX;
        int row = index / segments;
        int segment = index - (row * segments);
        int begin = (row * shape.Stride) + offsets[segment];
        int end = (row * shape.Stride) + offsets[segment + 1];
        int self = Group.IdxX;
        double sum = 0;
        for (int j = begin + self; j < end; j += size)
        {
            double value = values[j];
            sum += value * value;
        }

        scratch[self] = sum;
        Group.Barrier();
        for (int step = size / 2; step > 0; step /= 2)
        {
            if (self < step)
            {
                scratch[self] += scratch[self + step];
            }

            Group.Barrier();
        }

        if (self == 0)
        {
            output[index] = (float)scratch[0];
        }
    }
}
