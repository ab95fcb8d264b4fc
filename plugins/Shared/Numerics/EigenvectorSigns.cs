namespace GroupReduce.Plugins.Numerics;

/// <summary>Fixes the sign of eigenvectors: the component of largest magnitude (the first, on ties) is made positive.</summary>
internal static class EigenvectorSigns
{
    /// <summary>Normalises the sign of every column of a <c>rows x cols</c> row-major matrix in place.</summary>
    /// <param name="vectors">The vectors.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="cols">Columns.</param>
    public static void Normalize(Span<double> vectors, int rows, int cols)
    {
        for (int j = 0; j < cols; j++)
        {
            double largest = -1;
            double sign = 1;
            for (int i = 0; i < rows; i++)
            {
                double value = vectors[(i * cols) + j];
                if (Math.Abs(value) > largest)
                {
                    largest = Math.Abs(value);
                    sign = value < 0 ? -1 : 1;
                }
            }

            if (sign < 0)
            {
                for (int i = 0; i < rows; i++)
                {
                    vectors[(i * cols) + j] = -vectors[(i * cols) + j];
                }
            }
        }
    }
}
