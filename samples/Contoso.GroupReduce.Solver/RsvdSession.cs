using System.Diagnostics;
using GroupReduce.Abstractions.Solving;

namespace Contoso.GroupReduce.Solver;

/// <summary>
/// The arithmetic on one matrix. Bases come from the randomized range finder: with <c>G = A_gᵀ W A_g</c>,
/// <c>Q = orth(G Ω)</c> for a Gaussian <c>Ω</c> of <c>rank + oversampling</c> columns, refined by
/// <c>q</c> power iterations <c>Q = orth(G Q)</c>; the small matrix <c>Qᵀ G Q</c> is then decomposed
/// exactly. <c>G</c> is never formed: every product streams the group's rows once, which is where the speed
/// comes from (<c>O(n d k)</c> per pass against the <c>O(n d²)</c> of a full Gram).
/// </summary>
internal sealed class RsvdSession : ISolverSession
{
    private readonly IRowMatrix _matrix;
    private readonly ReadOnlyMemory<double> _weights;
    private readonly RsvdOptions _options;
    private readonly KernelCounters _counters;

    public RsvdSession(IRowMatrix matrix, ReadOnlyMemory<double> weights, RsvdOptions options, KernelCounters counters)
    {
        _matrix = matrix;
        _weights = weights;
        _options = options;
        _counters = counters;
    }

    public IReadOnlyList<GroupBasis> FitBases(IReadOnlyList<GroupFitRequest> groups, IProgress<SolverProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var bases = new List<GroupBasis>(groups.Count);
        for (int g = 0; g < groups.Count; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bases.Add(Fit(groups[g], cancellationToken));
            progress?.Report(new SolverProgress("rsvd", g + 1, groups.Count));
        }

        return bases;
    }

    public void ScoreRows(IReadOnlyList<GroupBasis> bases, ReadOnlySpan<int> rows, Span<float> projected, Span<float> rowNormsSquared, IProgress<SolverProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bases);
        long started = Stopwatch.GetTimestamp();
        int count = bases.Count;
        float[] scores = new float[rows.Length * count];
        float[] norms = new float[rows.Length];
        RowStream.ForEach(_matrix, rows, (position, _, values) =>
        {
            double norm = 0;
            foreach (float value in values)
            {
                norm += (double)value * value;
            }

            norms[position] = (float)norm;
            for (int g = 0; g < count; g++)
            {
                GroupBasis basis = bases[g];
                double energy = 0;
                for (int c = 0; c < basis.Rank; c++)
                {
                    double dot = Dot(values, basis.Vectors, basis.Rank, c);
                    energy += dot * dot;
                }

                scores[position * count + g] = (float)energy;
            }
        }, cancellationToken);
        scores.CopyTo(projected);
        norms.CopyTo(rowNormsSquared);
        double ranks = bases.Sum(b => (double)b.Rank);
        _counters.Add("score", 2.0 * rows.Length * _matrix.Columns * ranks, started);
        progress?.Report(new SolverProgress("score", rows.Length, rows.Length));
    }

    public void Project(ReadOnlySpan<int> rows, GroupBasis basis, Span<float> coefficients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(basis);
        long started = Stopwatch.GetTimestamp();
        int rank = basis.Rank;
        float[] result = new float[rows.Length * rank];
        RowStream.ForEach(_matrix, rows, (position, _, values) =>
        {
            for (int c = 0; c < rank; c++)
            {
                result[position * rank + c] = (float)Dot(values, basis.Vectors, rank, c);
            }
        }, cancellationToken);
        result.CopyTo(coefficients);
        _counters.Add("project", 2.0 * rows.Length * _matrix.Columns * rank, started);
    }

    public ReconstructionError MeasureError(ReadOnlySpan<int> rows, ReadOnlySpan<float> coefficients, ReadOnlySpan<float> basis, int rank, CancellationToken cancellationToken)
    {
        int columns = _matrix.Columns;
        float[] coefficientCopy = coefficients.ToArray();
        float[] basisCopy = basis.ToArray();
        ReadOnlySpan<double> weights = _weights.Span;
        double[] rowWeights = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            rowWeights[i] = weights[rows[i]];
        }

        double weightedError = 0, weightedNorm = 0, error = 0, norm = 0;
        RowStream.ForEach(_matrix, rows, (position, _, values) =>
        {
            double rowError = 0, rowNorm = 0;
            for (int j = 0; j < columns; j++)
            {
                double approximation;
                if (basisCopy.Length == 0)
                {
                    // No basis: the coefficients are the stored rows themselves (a dense group).
                    approximation = coefficientCopy[position * columns + j];
                }
                else
                {
                    approximation = 0;
                    for (int c = 0; c < rank; c++)
                    {
                        approximation += (double)coefficientCopy[position * rank + c] * basisCopy[j * rank + c];
                    }
                }

                double difference = values[j] - approximation;
                rowError += difference * difference;
                rowNorm += (double)values[j] * values[j];
            }

            weightedError += rowWeights[position] * rowError;
            weightedNorm += rowWeights[position] * rowNorm;
            error += rowError;
            norm += rowNorm;
        }, cancellationToken);
        return new ReconstructionError(weightedError, weightedNorm, error, norm);
    }

    public void Dispose()
    {
    }

    private static double Dot(ReadOnlySpan<float> row, float[] vectors, int rank, int component)
    {
        double sum = 0;
        for (int j = 0; j < row.Length; j++)
        {
            sum += (double)row[j] * vectors[j * rank + component];
        }

        return sum;
    }

    private GroupBasis Fit(GroupFitRequest request, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        int d = _matrix.Columns;
        int rank = Math.Min(request.Rank, d);
        int k = Math.Min(rank + _options.Oversampling, d);
        ReadOnlySpan<int> rows = request.Rows.Span;

        // One stream per group, seeded by the group, so a group's basis does not depend on which others were refit.
        // (Not HashCode.Combine: it is salted per process, and the same seed must give the same artifact.)
        var random = new Random(unchecked((int)(((ulong)_options.Seed * 0x9E3779B97F4A7C15UL) >> 32) ^ (request.GroupId * 0x2545F491)));
        double[] q = new double[d * k];
        for (int i = 0; i < q.Length; i++)
        {
            q[i] = Gaussian.Next(random);
        }

        double totalEnergy = 0;
        double[] y = ApplyGram(rows, q, k, ref totalEnergy, cancellationToken);
        Orthonormalizer.Orthonormalize(y, d, k, random);
        for (int iteration = 0; iteration < _options.PowerIterations; iteration++)
        {
            double ignored = 0;
            y = ApplyGram(rows, y, k, ref ignored, cancellationToken);
            Orthonormalizer.Orthonormalize(y, d, k, random);
        }

        double[] small = ProjectGram(rows, y, k, cancellationToken);
        (double[] values, double[] vectors) = SymmetricEigen.Decompose(small, k);

        float[] basis = new float[d * rank];
        for (int j = 0; j < d; j++)
        {
            for (int c = 0; c < rank; c++)
            {
                double sum = 0;
                for (int m = 0; m < k; m++)
                {
                    sum += y[j * k + m] * vectors[m * k + c];
                }

                basis[j * rank + c] = (float)sum;
            }
        }

        double[] eigenvalues = values.Take(rank).Select(v => Math.Max(v, 0)).ToArray();
        double passes = _options.PowerIterations + 2;
        _counters.Add("rsvd", passes * 4.0 * rows.Length * d * k, started);
        return new GroupBasis(request.GroupId, d, rank, basis, eigenvalues, totalEnergy);
    }

    /// <summary><c>G X = A_gᵀ (W (A_g X))</c> for <c>X</c> of <c>d x k</c>, one pass over the rows; also sums the group's weighted energy.</summary>
    private double[] ApplyGram(ReadOnlySpan<int> rows, double[] x, int k, ref double energy, CancellationToken cancellationToken)
    {
        int d = _matrix.Columns;
        double[] result = new double[d * k];
        double[] z = new double[k];
        ReadOnlyMemory<double> weights = _weights;
        double sum = 0;
        RowStream.ForEach(_matrix, rows, (_, row, values) =>
        {
            double w = weights.Span[row];
            Array.Clear(z);
            double rowEnergy = 0;
            for (int j = 0; j < d; j++)
            {
                double a = values[j];
                rowEnergy += a * a;
                for (int m = 0; m < k; m++)
                {
                    z[m] += a * x[j * k + m];
                }
            }

            sum += w * rowEnergy;
            for (int j = 0; j < d; j++)
            {
                double a = w * values[j];
                for (int m = 0; m < k; m++)
                {
                    result[j * k + m] += a * z[m];
                }
            }
        }, cancellationToken);
        energy = sum;
        return result;
    }

    /// <summary><c>Qᵀ G Q = Zᵀ W Z</c> with <c>Z = A_g Q</c>: the <c>k x k</c> problem whose eigenpairs give the basis.</summary>
    private double[] ProjectGram(ReadOnlySpan<int> rows, double[] q, int k, CancellationToken cancellationToken)
    {
        int d = _matrix.Columns;
        double[] result = new double[k * k];
        double[] z = new double[k];
        ReadOnlyMemory<double> weights = _weights;
        RowStream.ForEach(_matrix, rows, (_, row, values) =>
        {
            double w = weights.Span[row];
            Array.Clear(z);
            for (int j = 0; j < d; j++)
            {
                double a = values[j];
                for (int m = 0; m < k; m++)
                {
                    z[m] += a * q[j * k + m];
                }
            }

            for (int m = 0; m < k; m++)
            {
                double wz = w * z[m];
                for (int n = 0; n < k; n++)
                {
                    result[m * k + n] += wz * z[n];
                }
            }
        }, cancellationToken);
        return result;
    }
}
