using ILGPU;

namespace GroupReduce.Plugins.Ilgpu.Kernels;

/// <summary>The memory-bound element-wise kernels around the products: weighting rows, folding partial Grams, gathering rows.</summary>
internal static class ElementKernels
{
    /// <summary><c>scaled[i, j] = scale[i] · rows[i, j]</c>: rows weighted by <c>√w</c>, so that <c>Xᵀ X</c> is the weighted Gram.</summary>
    /// <param name="index">The element.</param>
    /// <param name="rows">The rows.</param>
    /// <param name="scale">One factor per row.</param>
    /// <param name="scaled">The weighted rows.</param>
    /// <param name="columns">Values per row.</param>
    public static void ScaleRows(Index1D index, ArrayView<float> rows, ArrayView<float> scale, ArrayView<float> scaled, int columns)
    {
        int i = index;
        scaled[i] = scale[i / columns] * rows[i];
    }

    /// <summary>
    /// <c>gram[i] += Σ_z partial[z · count + i]</c> in double precision, the splits in order: the Gram is summed
    /// across chunks in double while each chunk's product stays single precision.
    /// </summary>
    /// <param name="index">The element.</param>
    /// <param name="partial">The splits' partial products.</param>
    /// <param name="gram">The double-precision Gram.</param>
    /// <param name="count">Values per partial product.</param>
    /// <param name="splits">How many partial products.</param>
    public static void Accumulate(Index1D index, ArrayView<float> partial, ArrayView<double> gram, int count, int splits)
    {
        int i = index;
        int n = count;
        int z = splits;
        double sum = 0;
        for (int s = 0; s < z; s++)
        {
            sum += partial[(s * n) + i];
        }

        gram[i] += sum;
    }

    /// <summary><c>target[i, j] = source[rows[i], j]</c>: rows of a device-resident matrix gathered into a chunk.</summary>
    /// <param name="index">The element of the chunk.</param>
    /// <param name="source">The resident matrix.</param>
    /// <param name="rows">The chunk's row indices.</param>
    /// <param name="target">The chunk.</param>
    /// <param name="columns">Values per row.</param>
    public static void GatherRows(Index1D index, ArrayView<float> source, ArrayView<int> rows, ArrayView<float> target, int columns)
    {
        int i = index;
        int d = columns;
        int row = i / d;
        long from = ((long)rows[row] * d) + (i - (row * d));
        target[i] = source[from];
    }
}
