namespace Contoso.GroupReduce.Solver;

/// <summary>
/// Orthonormal columns for a tall <c>d x k</c> block (row-major) by modified Gram–Schmidt, applied twice because
/// one pass loses orthogonality on the ill-conditioned sketches that power iteration produces.
/// </summary>
internal static class Orthonormalizer
{
    public static void Orthonormalize(double[] block, int rows, int columns, Random random)
    {
        for (int c = 0; c < columns; c++)
        {
            double before = Norm(block, rows, columns, c);
            for (int pass = 0; pass < 2; pass++)
            {
                for (int prior = 0; prior < c; prior++)
                {
                    double dot = 0;
                    for (int r = 0; r < rows; r++)
                    {
                        dot += block[r * columns + prior] * block[r * columns + c];
                    }

                    for (int r = 0; r < rows; r++)
                    {
                        block[r * columns + c] -= dot * block[r * columns + prior];
                    }
                }
            }

            double norm = Norm(block, rows, columns, c);

            // A group with fewer rows than sketch columns leaves dependent columns: any unit vector orthogonal
            // to the others completes the basis (its eigenvalue comes out as 0).
            if (norm <= 1e-10 * Math.Max(before, 1e-300) || norm == 0)
            {
                for (int r = 0; r < rows; r++)
                {
                    block[r * columns + c] = Gaussian.Next(random);
                }

                c--;
                continue;
            }

            for (int r = 0; r < rows; r++)
            {
                block[r * columns + c] /= norm;
            }
        }
    }

    private static double Norm(double[] block, int rows, int columns, int c)
    {
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            sum += block[r * columns + c] * block[r * columns + c];
        }

        return Math.Sqrt(sum);
    }
}
