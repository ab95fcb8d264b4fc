using ILGPU;

namespace GroupReduce.Plugins.Ilgpu.Kernels;

/// <summary>
/// Sums of squares over column ranges of each row, in double precision: the row norms <c>‖a‖²</c> (one range, the whole
/// row) and the per-group energies <c>‖V_gᵀ a‖²</c> of refinement (one range per group of the stacked scores). One thread
/// per (row, range), summing in column order: no barriers (which cost ILGPU's CPU accelerator dearly) and a result that
/// does not depend on scheduling. These passes read each value once; the products before them dominate.
/// </summary>
internal static class SegmentSums
{
    /// <summary>The kernel, over <c>rows · Segments</c> threads.</summary>
    /// <param name="index">The (row, range) pair.</param>
    /// <param name="values">The rows.</param>
    /// <param name="offsets"><c>Segments + 1</c> column offsets.</param>
    /// <param name="output"><c>rows x Segments</c> sums, row-major.</param>
    /// <param name="shape">The shape.</param>
    public static void Kernel(Index1D index, ArrayView<float> values, ArrayView<int> offsets, ArrayView<float> output, SegmentShape shape)
    {
        int segments = shape.Segments;
        int at = index;
        int row = at / segments;
        int segment = at - (row * segments);
        int begin = (row * shape.Stride) + offsets[segment];
        int end = (row * shape.Stride) + offsets[segment + 1];
        double sum = 0;
        for (int j = begin; j < end; j++)
        {
            double value = values[j];
            sum += value * value;
        }

        output[at] = (float)sum;
    }
}
