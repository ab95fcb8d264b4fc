using GroupReduce.Abstractions;

namespace GroupReduce.Core.Calibration;

/// <summary>
/// A metric on a matrix's rows, <c>M = L Lᵀ</c> (symmetric positive definite, <c>d x d</c>): the error of a row is
/// <c>(a − â)ᵀ M (a − â)</c> instead of <c>‖a − â‖²</c>. Fitting in whitened coordinates <c>a' = a L</c>, where that error is the
/// plain squared error, and mapping the basis back (<c>B = L⁻ᵀ V'</c>) minimises it with the unchanged solver:
/// <c>â = (a L V') Bᵀ</c>.
/// </summary>
internal sealed class RowMetric
{
    private readonly double[] _lower;

    private RowMetric(int columns, double[] lower, string source)
    {
        Columns = columns;
        _lower = lower;
        Source = source;
    }

    /// <summary>The row width <c>d</c>.</summary>
    public int Columns { get; }

    /// <summary>Where the metric came from, for the report.</summary>
    public string Source { get; }

    /// <summary>The metric of <c>Σ + ε · (tr Σ / d) · I</c>.</summary>
    /// <param name="sigma">The symmetric <c>d x d</c> matrix, row-major (only the lower triangle is read).</param>
    /// <param name="columns"><c>d</c>.</param>
    /// <param name="epsilon">The ridge relative to <c>Σ</c>'s mean eigenvalue.</param>
    /// <param name="source">What <c>Σ</c> was computed from.</param>
    /// <returns>The metric.</returns>
    public static RowMetric FromCovariance(double[] sigma, int columns, double epsilon, string source)
    {
        double trace = 0;
        for (int j = 0; j < columns; j++)
        {
            trace += sigma[(j * columns) + j];
        }

        // A Σ of zeros (hidden states that are all zero) still gives the identity's direction: every row error counts alike.
        double ridge = trace > 0 ? epsilon * trace / columns : 1;
        double[] lower = new double[columns * columns];
        for (int j = 0; j < columns; j++)
        {
            for (int k = 0; k <= j; k++)
            {
                lower[(j * columns) + k] = sigma[(j * columns) + k] + (j == k ? ridge : 0);
            }
        }

        Cholesky(lower, columns, source);
        return new RowMetric(columns, lower, source);
    }

    /// <summary><c>a' = a L</c> for each of <paramref name="rows"/> rows: the coordinates where the metric's error is the squared error.</summary>
    /// <param name="values">The rows, row-major; replaced by their whitened values.</param>
    /// <param name="rows">The row count.</param>
    public void Whiten(Span<float> values, int rows)
    {
        int d = Columns;
        Span<double> row = d <= 4096 ? stackalloc double[d] : new double[d];
        for (int i = 0; i < rows; i++)
        {
            Span<float> a = values.Slice(i * d, d);
            for (int j = 0; j < d; j++)
            {
                row[j] = a[j];
            }

            // (a L)[k] = Σ_{j ≥ k} a[j] L[j, k]: L is lower triangular.
            for (int k = 0; k < d; k++)
            {
                double sum = 0;
                for (int j = k; j < d; j++)
                {
                    sum += row[j] * _lower[(j * d) + k];
                }

                a[k] = (float)sum;
            }
        }
    }

    /// <summary>
    /// <c>B = L⁻ᵀ V'</c>: the basis to store for a basis fitted in whitened coordinates, so that a row's coefficients on
    /// <c>V'</c> (its whitened projection) times <c>Bᵀ</c> give the row back in its own coordinates.
    /// </summary>
    /// <param name="vectors"><c>d x r</c> values, row-major.</param>
    /// <param name="rank"><c>r</c>.</param>
    /// <returns>A new <c>d x r</c> array.</returns>
    public float[] Unwhiten(float[] vectors, int rank)
    {
        int d = Columns;
        var basis = new float[(long)d * rank];
        var column = new double[d];
        for (int c = 0; c < rank; c++)
        {
            // Solve Lᵀ x = v by back substitution: (Lᵀ)[j, k] = L[k, j], upper triangular.
            for (int j = d - 1; j >= 0; j--)
            {
                double sum = vectors[(j * rank) + c];
                for (int k = j + 1; k < d; k++)
                {
                    sum -= _lower[(k * d) + j] * column[k];
                }

                column[j] = sum / _lower[(j * d) + j];
            }

            for (int j = 0; j < d; j++)
            {
                basis[(j * rank) + c] = (float)column[j];
            }
        }

        return basis;
    }

    /// <summary>In-place Cholesky of the lower triangle; the ridge makes a failure a sign of non-finite or broken input.</summary>
    private static void Cholesky(double[] a, int d, string source)
    {
        for (int j = 0; j < d; j++)
        {
            double diagonal = a[(j * d) + j];
            for (int k = 0; k < j; k++)
            {
                diagonal -= a[(j * d) + k] * a[(j * d) + k];
            }

            if (!(diagonal > 0) || !double.IsFinite(diagonal))
            {
                throw new GroupReduceException(
                    CalibrationErrorCodes.DegenerateMetric,
                    $"the calibration metric from {source} is not positive definite at column {j}; check the hidden states for huge values, or raise calibration.epsilon",
                    null);
            }

            double root = Math.Sqrt(diagonal);
            a[(j * d) + j] = root;
            for (int i = j + 1; i < d; i++)
            {
                double sum = a[(i * d) + j];
                for (int k = 0; k < j; k++)
                {
                    sum -= a[(i * d) + k] * a[(j * d) + k];
                }

                a[(i * d) + j] = sum / root;
            }
        }

        for (int j = 0; j < d; j++)
        {
            for (int k = j + 1; k < d; k++)
            {
                a[(j * d) + k] = 0;
            }
        }
    }
}
