using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GroupReduce.Plugins.Numerics;

/// <summary>
/// The vectorised row loops of the Householder tridiagonalisation. Rows are the upper triangle of a row-major
/// symmetric matrix (row <c>r</c> from column <c>r</c>); vectors are indexed by global column.
/// </summary>
internal static unsafe class TridiagonalRowKernels
{
    /// <summary>Row <paramref name="r"/>'s upper part: <c>a_rj −= v_r w_j + w_r v_j</c> for <c>j ≥ r</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void UpdateRow(double* row, int r, int n, double* v, double* w)
    {
        double vr = -v[r];
        double wr = -w[r];
        int j = r;
        if (Vector256.IsHardwareAccelerated)
        {
            var vrVector = Vector256.Create(vr);
            var wrVector = Vector256.Create(wr);
            for (; j <= n - Vector256<double>.Count; j += Vector256<double>.Count)
            {
                Vector256<double> value = Vector256.Load(row + j);
                value = Vector256.FusedMultiplyAdd(vrVector, Vector256.Load(w + j), value);
                value = Vector256.FusedMultiplyAdd(wrVector, Vector256.Load(v + j), value);
                value.Store(row + j);
            }
        }

        for (; j < n; j++)
        {
            row[j] = Math.FusedMultiplyAdd(wr, v[j], Math.FusedMultiplyAdd(vr, w[j], row[j]));
        }
    }

    /// <summary>
    /// Rows <paramref name="r"/> and <c>r + 1</c> (the first at <paramref name="row"/>, the next <paramref name="n"/> further):
    /// the pending update, then their shares of <c>p = A v</c> as in <see cref="SymmetricRowProduct"/>. Two rows per pass
    /// share the loads of the four vectors and the store of <c>p</c>, which is what bounds the single-row loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SweepRowPair(double* row, int r, int n, double* previousV, double* previousW, double* v, double* p)
    {
        double* next = row + n;
        double v0 = -previousV[r], w0 = -previousW[r];
        double v1 = -previousV[r + 1], w1 = -previousW[r + 1];
        double x0 = v[r], x1 = v[r + 1];

        double a00 = Math.FusedMultiplyAdd(w0, previousV[r], Math.FusedMultiplyAdd(v0, previousW[r], row[r]));
        row[r] = a00;
        double a01 = Math.FusedMultiplyAdd(w0, previousV[r + 1], Math.FusedMultiplyAdd(v0, previousW[r + 1], row[r + 1]));
        row[r + 1] = a01;
        double a11 = Math.FusedMultiplyAdd(w1, previousV[r + 1], Math.FusedMultiplyAdd(v1, previousW[r + 1], next[r + 1]));
        next[r + 1] = a11;
        double dot0 = (a00 * x0) + (a01 * x1);
        double dot1 = a11 * x1;
        p[r + 1] = Math.FusedMultiplyAdd(a01, x0, p[r + 1]);

        int j = r + 2;
        if (Vector256.IsHardwareAccelerated)
        {
            int width = Vector256<double>.Count;
            Vector256<double> sv0 = Vector256.Create(v0), sw0 = Vector256.Create(w0), sx0 = Vector256.Create(x0);
            Vector256<double> sv1 = Vector256.Create(v1), sw1 = Vector256.Create(w1), sx1 = Vector256.Create(x1);
            Vector256<double> sum0 = Vector256<double>.Zero, sum1 = Vector256<double>.Zero;
            Vector256<double> sum2 = Vector256<double>.Zero, sum3 = Vector256<double>.Zero;
            for (; j <= n - (2 * width); j += 2 * width)
            {
                Vector256<double> pv = Vector256.Load(previousV + j), pw = Vector256.Load(previousW + j), x = Vector256.Load(v + j), acc = Vector256.Load(p + j);
                Vector256<double> pvb = Vector256.Load(previousV + j + width), pwb = Vector256.Load(previousW + j + width), xb = Vector256.Load(v + j + width), accb = Vector256.Load(p + j + width);
                Vector256<double> e0 = Vector256.FusedMultiplyAdd(sw0, pv, Vector256.FusedMultiplyAdd(sv0, pw, Vector256.Load(row + j)));
                Vector256<double> e1 = Vector256.FusedMultiplyAdd(sw1, pv, Vector256.FusedMultiplyAdd(sv1, pw, Vector256.Load(next + j)));
                Vector256<double> f0 = Vector256.FusedMultiplyAdd(sw0, pvb, Vector256.FusedMultiplyAdd(sv0, pwb, Vector256.Load(row + j + width)));
                Vector256<double> f1 = Vector256.FusedMultiplyAdd(sw1, pvb, Vector256.FusedMultiplyAdd(sv1, pwb, Vector256.Load(next + j + width)));
                e0.Store(row + j);
                e1.Store(next + j);
                f0.Store(row + j + width);
                f1.Store(next + j + width);
                sum0 = Vector256.FusedMultiplyAdd(e0, x, sum0);
                sum1 = Vector256.FusedMultiplyAdd(e1, x, sum1);
                sum2 = Vector256.FusedMultiplyAdd(f0, xb, sum2);
                sum3 = Vector256.FusedMultiplyAdd(f1, xb, sum3);
                Vector256.FusedMultiplyAdd(e1, sx1, Vector256.FusedMultiplyAdd(e0, sx0, acc)).Store(p + j);
                Vector256.FusedMultiplyAdd(f1, sx1, Vector256.FusedMultiplyAdd(f0, sx0, accb)).Store(p + j + width);
            }

            dot0 += Vector256.Sum(sum0 + sum2);
            dot1 += Vector256.Sum(sum1 + sum3);
        }

        for (; j < n; j++)
        {
            double pv = previousV[j], pw = previousW[j], x = v[j];
            double e0 = Math.FusedMultiplyAdd(w0, pv, Math.FusedMultiplyAdd(v0, pw, row[j]));
            double e1 = Math.FusedMultiplyAdd(w1, pv, Math.FusedMultiplyAdd(v1, pw, next[j]));
            row[j] = e0;
            next[j] = e1;
            dot0 = Math.FusedMultiplyAdd(e0, x, dot0);
            dot1 = Math.FusedMultiplyAdd(e1, x, dot1);
            p[j] = Math.FusedMultiplyAdd(e1, x1, Math.FusedMultiplyAdd(e0, x0, p[j]));
        }

        p[r] += dot0;
        p[r + 1] += dot1;
    }

    /// <summary>
    /// Row <paramref name="r"/>'s share of <c>p = A v</c> from the upper triangle: returns <c>Σ_{j ≥ r} a_rj v_j</c>
    /// and adds <c>a_rj v_r</c> to <c>p_j</c> for <c>j &gt; r</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SymmetricRowProduct(double* row, int r, int n, double* v, double* p)
    {
        double vr = v[r];
        double dot = row[r] * vr;
        int j = r + 1;
        if (Vector256.IsHardwareAccelerated)
        {
            var vrVector = Vector256.Create(vr);
            Vector256<double> sum0 = Vector256<double>.Zero;
            Vector256<double> sum1 = Vector256<double>.Zero;
            int width = Vector256<double>.Count;
            for (; j <= n - (2 * width); j += 2 * width)
            {
                Vector256<double> a0 = Vector256.Load(row + j);
                Vector256<double> a1 = Vector256.Load(row + j + width);
                sum0 = Vector256.FusedMultiplyAdd(a0, Vector256.Load(v + j), sum0);
                sum1 = Vector256.FusedMultiplyAdd(a1, Vector256.Load(v + j + width), sum1);
                Vector256.FusedMultiplyAdd(a0, vrVector, Vector256.Load(p + j)).Store(p + j);
                Vector256.FusedMultiplyAdd(a1, vrVector, Vector256.Load(p + j + width)).Store(p + j + width);
            }

            dot += Vector256.Sum(sum0 + sum1);
        }

        for (; j < n; j++)
        {
            double value = row[j];
            dot = Math.FusedMultiplyAdd(value, v[j], dot);
            p[j] = Math.FusedMultiplyAdd(value, vr, p[j]);
        }

        return dot;
    }
}
