namespace GroupReduce.Plugins.Numerics;

/// <summary>
/// Implicit QL with Wilkinson shifts (EISPACK's <c>tql2</c>) for all eigenpairs of a small symmetric tridiagonal
/// matrix: the leaves of the divide and conquer. Eigenvectors are stored as rows, so each rotation combines two
/// contiguous rows.
/// </summary>
internal static unsafe class TridiagonalQl
{
    private const int IterationsPerValue = 60;

    /// <summary>Diagonalises the tridiagonal matrix; values end ascending, row <c>i</c> of the vectors belongs to value <c>i</c>.</summary>
    /// <param name="diagonal">The <c>n</c> diagonal entries; receives the eigenvalues, ascending.</param>
    /// <param name="offDiagonal">The <c>n − 1</c> off-diagonal entries, then scratch of length <c>n</c> (destroyed).</param>
    /// <param name="n">The size.</param>
    /// <param name="vectors">Receives the eigenvectors as rows, each of length <paramref name="n"/>.</param>
    /// <param name="stride">Distance between vector rows.</param>
    /// <exception cref="ArithmeticException">The iteration did not converge (not seen on finite input).</exception>
    public static void Solve(double* diagonal, double* offDiagonal, int n, double* vectors, nint stride)
    {
        for (int i = 0; i < n; i++)
        {
            var row = new Span<double>(vectors + (i * stride), n);
            row.Clear();
            row[i] = 1;
        }

        if (n == 1)
        {
            return;
        }

        double* e = offDiagonal;
        double* d = diagonal;
        e[n - 1] = 0;
        double shift = 0;
        double largest = 0;
        const double epsilon = 2.220446049250313e-16;
        for (int l = 0; l < n; l++)
        {
            largest = Math.Max(largest, Math.Abs(d[l]) + Math.Abs(e[l]));
            int m = l;
            while (m < n - 1 && Math.Abs(e[m]) > epsilon * largest)
            {
                m++;
            }

            if (m > l)
            {
                int iterations = 0;
                do
                {
                    if (++iterations > IterationsPerValue)
                    {
                        throw new ArithmeticException($"the tridiagonal QL iteration did not converge for eigenvalue {l} of {n}");
                    }

                    double g = d[l];
                    double p = (d[l + 1] - g) / (2.0 * e[l]);
                    double r = double.Hypot(p, 1.0);
                    if (p < 0)
                    {
                        r = -r;
                    }

                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double next = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++)
                    {
                        d[i] -= h;
                    }

                    shift += h;
                    p = d[m];
                    double c = 1, c2 = 1, c3 = 1;
                    double nextOff = e[l + 1];
                    double s = 0, s2 = 0;
                    for (int i = m - 1; i >= l; i--)
                    {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = double.Hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = (c * d[i]) - (s * g);
                        d[i + 1] = h + (s * ((c * g) + (s * d[i])));
                        Rotate(vectors + (i * stride), vectors + ((i + 1) * stride), n, c, s);
                    }

                    p = -s * s2 * c3 * nextOff * e[l] / next;
                    e[l] = s * p;
                    d[l] = c * p;
                }
                while (Math.Abs(e[l]) > epsilon * largest);
            }

            d[l] += shift;
            e[l] = 0;
        }

        SortAscending(d, n, vectors, stride);
    }

    /// <summary><c>(x, y) ← (c x − s y, s x + c y)</c> on two rows.</summary>
    private static void Rotate(double* x, double* y, int n, double c, double s)
    {
        for (int k = 0; k < n; k++)
        {
            double h = y[k];
            y[k] = (s * x[k]) + (c * h);
            x[k] = (c * x[k]) - (s * h);
        }
    }

    private static void SortAscending(double* d, int n, double* vectors, nint stride)
    {
        // Selection sort: leaves are small, and the few row swaps are what costs.
        for (int i = 0; i < n - 1; i++)
        {
            int smallest = i;
            for (int j = i + 1; j < n; j++)
            {
                if (d[j] < d[smallest])
                {
                    smallest = j;
                }
            }

            if (smallest != i)
            {
                (d[i], d[smallest]) = (d[smallest], d[i]);
                var a = new Span<double>(vectors + (i * stride), n);
                var b = new Span<double>(vectors + (smallest * stride), n);
                for (int k = 0; k < n; k++)
                {
                    (a[k], b[k]) = (b[k], a[k]);
                }
            }
        }
    }
}
