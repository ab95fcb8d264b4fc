using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using GroupReduce.Plugins.Cpu.Kernels;

namespace GroupReduce.Plugins.Cpu.Numerics;

/// <summary>
/// Reduces a symmetric matrix to tridiagonal form <c>A = Q T Qᵀ</c> with Householder reflectors
/// (LAPACK's <c>dsytd2</c>, lower variant seen through row-major storage). Step <c>i</c>'s rank-2 update of the
/// trailing matrix and step <c>i + 1</c>'s symmetric product are fused into one sweep over the upper triangle,
/// so each step reads and writes the trailing matrix once; the sweep is vectorised along rows.
/// </summary>
internal sealed unsafe class HouseholderTridiagonalizer : IDisposable
{
    private readonly NativeBuffer<double> _v = new();
    private readonly NativeBuffer<double> _w = new();
    private readonly NativeBuffer<double> _previousV = new();
    private readonly NativeBuffer<double> _previousW = new();
    private readonly NativeBuffer<double> _p = new();

    /// <summary>
    /// Tridiagonalises <paramref name="a"/> in place, reading and writing its upper triangle only. Afterwards row
    /// <c>i</c> holds reflector <c>i</c> in columns <c>i + 1 .. n − 1</c> (with an explicit leading 1), so that
    /// <c>Q = H₀ H₁ ⋯ H_{n−2}</c>, <c>H_i = I − τ_i v_i v_iᵀ</c>.
    /// </summary>
    /// <param name="a">The <c>n x n</c> row-major matrix.</param>
    /// <param name="n">Its size.</param>
    /// <param name="diagonal">Receives the <c>n</c> diagonal entries of T.</param>
    /// <param name="offDiagonal">Receives the <c>n − 1</c> off-diagonal entries of T.</param>
    /// <param name="tau">Receives the <c>n − 1</c> reflector scales (0 for an identity reflector).</param>
    public void Reduce(double* a, int n, double* diagonal, double* offDiagonal, double* tau)
    {
        double* v = _v.Ensure(n);
        double* w = _w.Ensure(n);
        double* previousV = _previousV.Ensure(n);
        double* previousW = _previousW.Ensure(n);
        double* p = _p.Ensure(n);

        // The update pending from the previous step is a - v wᵀ - w vᵀ; w = 0 makes it an exact no-op, so the first
        // step and identity reflectors need no separate code path.
        new Span<double>(previousV, n).Clear();
        new Span<double>(previousW, n).Clear();
        for (int i = 0; i < n - 1; i++)
        {
            double* row = a + ((long)i * n);
            UpdateRow(row, i, n, previousV, previousW);
            diagonal[i] = row[i];
            double scale = MakeReflector(row + i + 1, n - i - 1, out double beta);
            offDiagonal[i] = beta;
            tau[i] = scale;
            int start = i + 1;
            int length = n - start;
            new ReadOnlySpan<double>(row + start, length).CopyTo(new Span<double>(v + start, length));
            new Span<double>(p + start, length).Clear();

            // One sweep applies the pending update to the trailing rows and accumulates p = A v from the updated values.
            int r = start;
            for (; r + 1 < n; r += 2)
            {
                SweepRowPair(a + ((long)r * n), r, n, previousV, previousW, v, p);
            }

            if (r < n)
            {
                double* target = a + ((long)r * n);
                UpdateRow(target, r, n, previousV, previousW);
                p[r] += SymmetricRowProduct(target, r, n, v, p);
            }

            if (scale != 0)
            {
                // w = τ A v − (τ²/2)(vᵀ A v) v, so that H A H = A − v wᵀ − w vᵀ.
                double dot = 0;
                for (int j = start; j < n; j++)
                {
                    p[j] *= scale;
                    dot += p[j] * v[j];
                }

                double alpha = -0.5 * scale * dot;
                for (int j = start; j < n; j++)
                {
                    w[j] = p[j] + (alpha * v[j]);
                }
            }
            else
            {
                new Span<double>(w + start, length).Clear();
            }

            double* swap = previousV;
            previousV = v;
            v = swap;
            swap = previousW;
            previousW = w;
            w = swap;
        }

        if (n > 0)
        {
            double* last = a + ((long)(n - 1) * n);
            UpdateRow(last, n - 1, n, previousV, previousW);
            diagonal[n - 1] = last[n - 1];
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _v.Dispose();
        _w.Dispose();
        _previousV.Dispose();
        _previousW.Dispose();
        _p.Dispose();
    }

    /// <summary>
    /// Turns <c>x</c> (length <paramref name="m"/>) into a reflector <c>v</c> (<c>v₀ = 1</c>) with
    /// <c>(I − τ v vᵀ) x = β e₀</c>, as LAPACK's <c>dlarfg</c>; the caller scales the matrix so no rescaling loop is needed.
    /// </summary>
    private static double MakeReflector(double* x, int m, out double beta)
    {
        double alpha = x[0];
        double tail = 0;
        for (int j = 1; j < m; j++)
        {
            tail += x[j] * x[j];
        }

        if (tail == 0)
        {
            beta = alpha;
            x[0] = 1;
            return 0;
        }

        double norm = Math.Sqrt((alpha * alpha) + tail);
        beta = alpha >= 0 ? -norm : norm;
        double tau = (beta - alpha) / beta;
        double inverse = 1.0 / (alpha - beta);
        x[0] = 1;
        for (int j = 1; j < m; j++)
        {
            x[j] *= inverse;
        }

        return tau;
    }

    /// <summary>Row <paramref name="r"/>'s upper part: <c>a_rj −= v_r w_j + w_r v_j</c> for <c>j ≥ r</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpdateRow(double* row, int r, int n, double* v, double* w)
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
    private static void SweepRowPair(double* row, int r, int n, double* previousV, double* previousW, double* v, double* p)
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
    private static double SymmetricRowProduct(double* row, int r, int n, double* v, double* p)
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
