using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GroupReduce.Plugins.Numerics;

/// <summary>
/// One merge of the tridiagonal divide and conquer (LAPACK's <c>dlaed1</c>–<c>dlaed4</c>): given the eigenpairs of
/// the two halves of <c>T = diag(T₁, T₂) + |β| u uᵀ</c>, the eigenpairs of T. Small or near-repeated components are
/// deflated (exactly, or by a rotation), the rest come from the secular equation, and their vectors from the
/// Gu–Eisenstat recomputed update vector, which keeps them orthogonal however close the eigenvalues are. The
/// vectors of the halves are multiplied in with two GEMMs that skip the zero quadrants of <c>diag(Q₁, Q₂)</c>.
/// </summary>
internal sealed unsafe class RankOneMerge : IDisposable
{
    private const double Epsilon = 1.1102230246251565e-16;

    // Where a vector of the merged basis is non-zero: top half only, both halves (mixed by a deflating rotation), bottom half only.
    private const byte Top = 0;
    private const byte Both = 1;
    private const byte Bottom = 2;

    private readonly NativeBuffer<double> _update = new();
    private readonly NativeBuffer<int> _order = new();
    private readonly NativeBuffer<double> _sortedValues = new();
    private readonly NativeBuffer<double> _sortedUpdate = new();
    private readonly NativeBuffer<byte> _support = new();
    private readonly NativeBuffer<double> _poles = new();
    private readonly NativeBuffer<double> _weights = new();
    private readonly NativeBuffer<double> _signs = new();
    private readonly NativeBuffer<int> _poleRows = new();
    private readonly NativeBuffer<byte> _poleSupport = new();
    private readonly NativeBuffer<double> _deflatedValues = new();
    private readonly NativeBuffer<int> _deflatedRows = new();
    private readonly NativeBuffer<int> _origins = new();
    private readonly NativeBuffer<double> _offsets = new();
    private readonly NativeBuffer<double> _shifted = new();
    private readonly NativeBuffer<double> _products = new();
    private readonly NativeBuffer<int> _columns = new();
    private readonly NativeBuffer<double> _basis = new();
    private readonly NativeBuffer<double> _secularVectors = new();
    private readonly NativeBuffer<double> _merged = new();
    private readonly NativeBuffer<double> _result = new();
    private int[] _sortKeys = [];
    private double[] _sortValues = [];

    /// <summary>Merges two solved halves of a block.</summary>
    /// <typeparam name="TGemm">Where the GEMMs run: a struct, so each caller gets its own specialised code.</typeparam>
    /// <param name="gemm">Where the GEMMs run.</param>
    /// <param name="values">The block's <paramref name="n"/> values: the first half's ascending, then the second half's; receives the merged ones, ascending.</param>
    /// <param name="vectors">The block's vectors as rows (row <c>j</c> belongs to value <c>j</c>, columns <c>0 .. n − 1</c> of the block), zero outside each half's square.</param>
    /// <param name="stride">Distance between vector rows.</param>
    /// <param name="n">The block size.</param>
    /// <param name="split">The first half's size.</param>
    /// <param name="coupling">The off-diagonal entry β cut at the split.</param>
    /// <param name="wanted">How many vectors to produce, for the largest values: they go to rows <c>n − wanted .. n − 1</c>; other rows are then undefined.</param>
    public void Merge<TGemm>(TGemm gemm, double* values, double* vectors, nint stride, int n, int split, double coupling, int wanted)
        where TGemm : IDoubleGemm
    {
        double* z = _update.Ensure(n);
        double scale = Math.Sqrt(0.5);
        for (int j = 0; j < split; j++)
        {
            z[j] = scale * vectors[(j * stride) + split - 1];
        }

        double sign = coupling < 0 ? -scale : scale;
        for (int j = split; j < n; j++)
        {
            z[j] = sign * vectors[(j * stride) + split];
        }

        double rho = 2 * Math.Abs(coupling);

        // Both halves are sorted; merge them (ties to the first half, for a reproducible order).
        int* order = _order.Ensure(n);
        double* d = _sortedValues.Ensure(n);
        double* zs = _sortedUpdate.Ensure(n);
        byte* support = _support.Ensure(n);
        for (int a = 0, b = split, t = 0; t < n; t++)
        {
            order[t] = a < split && (b >= n || values[a] <= values[b]) ? a++ : b++;
            d[t] = values[order[t]];
            zs[t] = z[order[t]];
            support[t] = order[t] < split ? Top : Bottom;
        }

        double largestValue = 0, largestUpdate = 0;
        for (int t = 0; t < n; t++)
        {
            largestValue = Math.Max(largestValue, Math.Abs(d[t]));
            largestUpdate = Math.Max(largestUpdate, Math.Abs(zs[t]));
        }

        double tolerance = 8 * Epsilon * Math.Max(largestValue, largestUpdate);
        int poles = Deflate(d, zs, support, order, n, rho, tolerance, vectors, stride, out int deflated);

        double* origins = _offsets.Ensure(poles);
        int* originIndex = _origins.Ensure(poles);
        double* products = _products.Ensure(poles);
        if (poles > 0)
        {
            SolveSecular(poles, rho, originIndex, origins, products);
        }

        // The merged spectrum, ascending: roots (id < poles) and deflated values (id ≥ poles).
        double* p = _poles.Pointer;
        if (_sortKeys.Length < n)
        {
            _sortKeys = new int[n];
            _sortValues = new double[n];
        }

        for (int i = 0; i < poles; i++)
        {
            _sortValues[i] = p[originIndex[i]] + origins[i];
            _sortKeys[i] = i;
        }

        double* deflatedValues = _deflatedValues.Pointer;
        for (int i = 0; i < deflated; i++)
        {
            _sortValues[poles + i] = deflatedValues[i];
            _sortKeys[poles + i] = poles + i;
        }

        double[] sortValues = _sortValues;
        Array.Sort(_sortKeys, 0, n, Comparer<int>.Create((x, y) =>
        {
            int byValue = sortValues[x].CompareTo(sortValues[y]);
            return byValue != 0 ? byValue : x.CompareTo(y);
        }));

        int[] final = _sortKeys;
        BuildVectors(gemm, vectors, stride, n, split, poles, originIndex, origins, products, final, wanted);
        for (int t = 0; t < n; t++)
        {
            values[t] = sortValues[final[t]];
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _update.Dispose();
        _order.Dispose();
        _sortedValues.Dispose();
        _sortedUpdate.Dispose();
        _support.Dispose();
        _poles.Dispose();
        _weights.Dispose();
        _signs.Dispose();
        _poleRows.Dispose();
        _poleSupport.Dispose();
        _deflatedValues.Dispose();
        _deflatedRows.Dispose();
        _origins.Dispose();
        _offsets.Dispose();
        _shifted.Dispose();
        _products.Dispose();
        _columns.Dispose();
        _basis.Dispose();
        _secularVectors.Dispose();
        _merged.Dispose();
        _result.Dispose();
    }

    /// <summary>
    /// LAPACK's <c>dlaed2</c> deflation: a component whose update weight is negligible keeps its value and vector;
    /// of two values too close to tell apart, a rotation moves the whole weight onto one, deflating the other.
    /// Fills the pole and deflated lists and returns the number of poles.
    /// </summary>
    private int Deflate(double* d, double* zs, byte* support, int* order, int n, double rho, double tolerance, double* vectors, nint stride, out int deflated)
    {
        double* poles = _poles.Ensure(n);
        double* weights = _weights.Ensure(n);
        double* signs = _signs.Ensure(n);
        int* poleRows = _poleRows.Ensure(n);
        byte* poleSupport = _poleSupport.Ensure(n);
        double* deflatedValues = _deflatedValues.Ensure(n);
        int* deflatedRows = _deflatedRows.Ensure(n);
        int count = 0;
        deflated = 0;
        int previous = -1;
        for (int t = 0; t < n; t++)
        {
            if (rho * Math.Abs(zs[t]) <= tolerance)
            {
                deflatedValues[deflated] = d[t];
                deflatedRows[deflated++] = order[t];
                continue;
            }

            if (previous >= 0)
            {
                double s = zs[previous];
                double c = zs[t];
                double length = double.Hypot(c, s);
                double gap = d[t] - d[previous];
                c /= length;
                s = -s / length;
                if (Math.Abs(gap * c * s) <= tolerance)
                {
                    zs[t] = length;
                    zs[previous] = 0;
                    if (support[t] != support[previous])
                    {
                        support[t] = Both;
                    }

                    Rotate(vectors + (order[previous] * stride), vectors + (order[t] * stride), n, c, s);
                    double kept = (d[previous] * c * c) + (d[t] * s * s);
                    d[t] = (d[previous] * s * s) + (d[t] * c * c);
                    deflatedValues[deflated] = kept;
                    deflatedRows[deflated++] = order[previous];
                    previous = t;
                    continue;
                }

                AddPole(previous);
            }

            previous = t;
        }

        if (previous >= 0)
        {
            AddPole(previous);
        }

        return count;

        void AddPole(int t)
        {
            poles[count] = d[t];
            weights[count] = zs[t] * zs[t];
            signs[count] = zs[t];
            poleRows[count] = order[t];
            poleSupport[count] = support[t];
            count++;
        }
    }

    /// <summary>
    /// Every root of the secular equation, and the Gu–Eisenstat update vector <c>ẑ</c> for which the computed roots
    /// are exact: <c>ẑ_j² = −(d_j − λ_j) Π_{i≠j} (d_j − λ_i)/(d_j − d_i)</c>, returned (signed) in <paramref name="products"/>.
    /// </summary>
    private void SolveSecular(int poles, double rho, int* originIndex, double* origins, double* products)
    {
        double* d = _poles.Pointer;
        double* w = _weights.Pointer;
        double* shifted = _shifted.Ensure(poles);
        double weightSum = 0;
        for (int j = 0; j < poles; j++)
        {
            weightSum += w[j];
            products[j] = 1;
        }

        for (int i = 0; i < poles; i++)
        {
            double tau = SecularEquation.Solve(d, w, poles, i, rho, weightSum, shifted, out int origin);
            originIndex[i] = origin;
            origins[i] = tau;
            MultiplyRatios(products, shifted, d, tau, d[i], 0, i);
            products[i] *= shifted[i] - tau;
            MultiplyRatios(products, shifted, d, tau, d[i], i + 1, poles);
        }

        double* signs = _signs.Pointer;
        for (int j = 0; j < poles; j++)
        {
            products[j] = Math.CopySign(Math.Sqrt(Math.Max(0, -products[j])), signs[j]);
        }
    }

    /// <summary><c>products_j *= (shifted_j − τ) / (d_j − pole)</c> over <c>[from, to)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyRatios(double* products, double* shifted, double* d, double tau, double pole, int from, int to)
    {
        int j = from;
        if (Vector256.IsHardwareAccelerated)
        {
            var offset = Vector256.Create(tau);
            var poleVector = Vector256.Create(pole);
            for (; j <= to - Vector256<double>.Count; j += Vector256<double>.Count)
            {
                Vector256<double> ratio = (Vector256.Load(shifted + j) - offset) / (Vector256.Load(d + j) - poleVector);
                (Vector256.Load(products + j) * ratio).Store(products + j);
            }
        }

        for (; j < to; j++)
        {
            products[j] *= (shifted[j] - tau) / (d[j] - pole);
        }
    }

    private void BuildVectors<TGemm>(TGemm gemm, double* vectors, nint stride, int n, int split, int poles, int* originIndex, double* origins, double* updated, int[] final, int wanted)
        where TGemm : IDoubleGemm
    {
        double* d = _poles.Pointer;
        int* poleRows = _poleRows.Pointer;
        byte* poleSupport = _poleSupport.Pointer;
        int* deflatedRows = _deflatedRows.Pointer;
        int first = n - wanted;

        // Poles ordered by support so that each half's GEMM reads only the rows that are non-zero in it.
        int* columns = _columns.Ensure(Math.Max(poles, 1));
        int top = 0, both = 0;
        for (int j = 0; j < poles; j++)
        {
            top += poleSupport[j] == Top ? 1 : 0;
            both += poleSupport[j] == Both ? 1 : 0;
        }

        int[] next = [0, top, top + both];
        for (int j = 0; j < poles; j++)
        {
            columns[next[poleSupport[j]]++] = j;
        }

        int roots = 0;
        for (int t = first; t < n; t++)
        {
            roots += final[t] < poles ? 1 : 0;
        }

        double* merged = _merged.Ensure((long)wanted * n);
        if (roots > 0)
        {
            double* basis = _basis.Ensure((long)poles * n);
            for (int c = 0; c < poles; c++)
            {
                new ReadOnlySpan<double>(vectors + (poleRows[columns[c]] * stride), n).CopyTo(new Span<double>(basis + ((long)c * n), n));
            }

            // Row r of the secular vectors: root i's vector ẑ_j / (d_j − λ_i), normalised, in column order.
            double* secular = _secularVectors.Ensure((long)roots * poles);
            int r = 0;
            for (int t = first; t < n; t++)
            {
                int i = final[t];
                if (i >= poles)
                {
                    continue;
                }

                double* row = secular + ((long)r * poles);
                double pole = d[originIndex[i]];
                double tau = origins[i];
                double norm = 0;
                for (int c = 0; c < poles; c++)
                {
                    int j = columns[c];
                    double value = updated[j] / ((d[j] - pole) - tau);
                    row[c] = value;
                    norm += value * value;
                }

                double inverse = 1.0 / Math.Sqrt(norm);
                for (int c = 0; c < poles; c++)
                {
                    row[c] *= inverse;
                }

                r++;
            }

            double* result = _result.Ensure((long)roots * n);
            var secularView = new MatrixView<double>(secular, roots, poles, poles);
            int upper = top + both;
            gemm.Multiply(secularView.ColumnRange(0, upper), new MatrixView<double>(basis, upper, split, n), result, n);
            gemm.Multiply(secularView.ColumnRange(top, poles - top), new MatrixView<double>(basis + ((long)top * n) + split, poles - top, n - split, n), result + split, n);
            r = 0;
            for (int t = first; t < n; t++)
            {
                if (final[t] < poles)
                {
                    new ReadOnlySpan<double>(result + ((long)r++ * n), n).CopyTo(new Span<double>(merged + ((long)(t - first) * n), n));
                }
            }
        }

        for (int t = first; t < n; t++)
        {
            if (final[t] >= poles)
            {
                int row = deflatedRows[final[t] - poles];
                new ReadOnlySpan<double>(vectors + (row * stride), n).CopyTo(new Span<double>(merged + ((long)(t - first) * n), n));
            }
        }

        for (int t = first; t < n; t++)
        {
            new ReadOnlySpan<double>(merged + ((long)(t - first) * n), n).CopyTo(new Span<double>(vectors + (t * stride), n));
        }
    }

    /// <summary><c>(x, y) ← (c x + s y, c y − s x)</c>, LAPACK's <c>drot</c>.</summary>
    private static void Rotate(double* x, double* y, int n, double c, double s)
    {
        for (int k = 0; k < n; k++)
        {
            double a = x[k];
            double b = y[k];
            x[k] = (c * a) + (s * b);
            y[k] = (c * b) - (s * a);
        }
    }
}
