namespace Contoso.GroupReduce.Solver;

/// <summary>
/// Eigenpairs of a small symmetric matrix by cyclic Jacobi rotations. The randomized range finder leaves only a
/// (rank + oversampling)-square problem, where Jacobi is accurate to working precision and needs no library.
/// </summary>
internal static class SymmetricEigen
{
    private const int MaxSweeps = 100;

    /// <summary>Decomposes <paramref name="matrix"/> (<c>n x n</c>, row-major, overwritten).</summary>
    /// <param name="matrix">The symmetric matrix; destroyed.</param>
    /// <param name="n">Its order.</param>
    /// <returns>Eigenvalues in descending order and the eigenvectors as columns (<c>n x n</c>, row-major) in the same order.</returns>
    public static (double[] Values, double[] Vectors) Decompose(double[] matrix, int n)
    {
        double[] vectors = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            vectors[i * n + i] = 1;
        }

        double scale = 0;
        foreach (double value in matrix)
        {
            scale += value * value;
        }

        double threshold = 1e-30 * Math.Max(scale, double.Epsilon);
        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            double off = 0;
            for (int p = 0; p < n; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    off += matrix[p * n + q] * matrix[p * n + q];
                }
            }

            if (off <= threshold)
            {
                break;
            }

            for (int p = 0; p < n; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    Rotate(matrix, vectors, n, p, q);
                }
            }
        }

        int[] order = Enumerable.Range(0, n).OrderByDescending(i => matrix[i * n + i]).ThenBy(i => i).ToArray();
        double[] values = new double[n];
        double[] sorted = new double[n * n];
        for (int c = 0; c < n; c++)
        {
            values[c] = matrix[order[c] * n + order[c]];
            for (int r = 0; r < n; r++)
            {
                sorted[r * n + c] = vectors[r * n + order[c]];
            }
        }

        return (values, sorted);
    }

    private static void Rotate(double[] a, double[] v, int n, int p, int q)
    {
        double apq = a[p * n + q];
        if (apq == 0)
        {
            return;
        }

        // The classic stable choice of the rotation angle (Golub and Van Loan, Algorithm 8.5.1).
        double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        double c = 1 / Math.Sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < n; k++)
        {
            double akp = a[k * n + p];
            double akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }

        for (int k = 0; k < n; k++)
        {
            double apk = a[p * n + k];
            double aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }

        for (int k = 0; k < n; k++)
        {
            double vkp = v[k * n + p];
            double vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
        }
    }
}
