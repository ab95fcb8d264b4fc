using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GroupReduce.Plugins.Numerics;

/// <summary>
/// One root of the secular equation <c>f(λ) = 1/ρ + Σ_j w_j / (d_j − λ) = 0</c> of the rank-one update
/// <c>diag(d) + ρ z zᵀ</c> (<c>w_j = z_j²</c>, <c>ρ &gt; 0</c>, <c>d</c> strictly increasing), the job of LAPACK's
/// <c>dlaed4</c>. Root <c>i</c> lies in <c>(d_i, d_{i+1})</c> (the last one in <c>(d_{K−1}, d_{K−1} + ρ Σ w]</c>). It is
/// returned as an origin pole plus an offset, <c>λ = d_origin + τ</c>, so that every <c>d_j − λ</c> is computed as
/// <c>(d_j − d_origin) − τ</c> to high relative accuracy, which is what keeps the eigenvectors orthogonal.
/// The iteration is Li's "middle way" (the two nearest poles kept exactly, the rest fitted by value and slope),
/// kept inside a bracket that shrinks every step, with bisection whenever the rational step leaves it.
/// </summary>
internal static unsafe class SecularEquation
{
    private const int MaxIterations = 200;
    private const double Epsilon = 1.1102230246251565e-16;

    /// <summary>Finds root <paramref name="i"/>.</summary>
    /// <param name="d">The <paramref name="k"/> poles, strictly increasing.</param>
    /// <param name="w">The weights <c>z_j²</c>, all positive.</param>
    /// <param name="k">How many poles.</param>
    /// <param name="i">Which root (0-based).</param>
    /// <param name="rho">The update's scale (positive).</param>
    /// <param name="weightSum"><c>Σ w_j</c>.</param>
    /// <param name="shifted">Scratch of length <paramref name="k"/>; receives <c>d_j − d_origin</c>.</param>
    /// <param name="origin">Receives the origin pole's index.</param>
    /// <returns>τ, the root's offset from <c>d_origin</c>.</returns>
    public static double Solve(double* d, double* w, int k, int i, double rho, double weightSum, double* shifted, out int origin)
    {
        if (k == 1)
        {
            origin = 0;
            shifted[0] = 0;
            return rho * w[0];
        }

        double inverseRho = 1.0 / rho;
        bool last = i == k - 1;
        int left = last ? k - 2 : i;
        int right = left + 1;
        double lower, upper, tau;
        if (last)
        {
            origin = k - 1;
            Shift(d, k, origin, shifted);
            lower = 0;
            upper = rho * weightSum;
            tau = 0.5 * upper;
        }
        else
        {
            // Whichever pole is nearer to the root becomes the origin, decided by f's sign at the midpoint.
            origin = i;
            Shift(d, k, origin, shifted);
            double half = 0.5 * shifted[right];
            Evaluate(shifted, w, k, left, half, inverseRho, out double atMiddle, out _, out _, out _, out _, out _);
            if (atMiddle >= 0)
            {
                lower = 0;
                upper = half;
                tau = half;
            }
            else
            {
                origin = right;
                Shift(d, k, origin, shifted);
                half = 0.5 * shifted[left];
                lower = half;
                upper = 0;
                tau = half;
            }
        }

        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            Evaluate(shifted, w, k, left, tau, inverseRho, out double f, out double psi, out double psiSlope, out double phi, out double phiSlope, out double magnitude);
            double slope = psiSlope + phiSlope;
            if (f == 0 || Math.Abs(f) <= 8 * Epsilon * (magnitude + inverseRho + (Math.Abs(tau) * slope)))
            {
                return tau;
            }

            if (f < 0)
            {
                lower = tau;
            }
            else
            {
                upper = tau;
            }

            if (upper - lower <= 2 * Epsilon * Math.Max(Math.Abs(lower), Math.Abs(upper)))
            {
                return tau;
            }

            double step = RationalStep(shifted[left] - tau, shifted[right] - tau, f, psi, psiSlope, phi, phiSlope, inverseRho, lower - tau, upper - tau);
            double next = tau + step;
            if (!(next > lower && next < upper) || double.IsNaN(step))
            {
                next = 0.5 * (lower + upper);
            }

            if (next == tau)
            {
                return tau;
            }

            tau = next;
        }

        return tau;
    }

    private static void Shift(double* d, int k, int origin, double* shifted)
    {
        double pole = d[origin];
        for (int j = 0; j < k; j++)
        {
            shifted[j] = d[j] - pole;
        }
    }

    /// <summary>
    /// <c>f(τ) = 1/ρ + ψ + φ</c>, ψ over poles <c>0 .. left</c> and φ over <c>left + 1 ..</c>, with their slopes
    /// <c>dψ/dτ = Σ w/δ²</c> and the sum of the terms' magnitudes (the rounding error bound's scale).
    /// </summary>
    private static void Evaluate(double* shifted, double* w, int k, int left, double tau, double inverseRho, out double f, out double psi, out double psiSlope, out double phi, out double phiSlope, out double magnitude)
    {
        psi = 0;
        psiSlope = 0;
        phi = 0;
        phiSlope = 0;
        magnitude = 0;
        Accumulate(shifted, w, 0, left + 1, tau, ref psi, ref psiSlope, ref magnitude);
        Accumulate(shifted, w, left + 1, k, tau, ref phi, ref phiSlope, ref magnitude);
        f = inverseRho + psi + phi;
    }

    /// <summary>Adds <c>Σ w_j/δ_j</c>, <c>Σ w_j/δ_j²</c> and <c>Σ |w_j/δ_j|</c> over <c>[from, to)</c>, <c>δ_j = shifted_j − τ</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate(double* shifted, double* w, int from, int to, double tau, ref double sum, ref double slope, ref double magnitude)
    {
        int j = from;
        if (Vector256.IsHardwareAccelerated && to - from >= Vector256<double>.Count)
        {
            var offset = Vector256.Create(tau);
            Vector256<double> sums = Vector256<double>.Zero, slopes = Vector256<double>.Zero, magnitudes = Vector256<double>.Zero;
            for (; j <= to - Vector256<double>.Count; j += Vector256<double>.Count)
            {
                Vector256<double> reciprocal = Vector256<double>.One / (Vector256.Load(shifted + j) - offset);
                Vector256<double> term = Vector256.Load(w + j) * reciprocal;
                sums += term;
                slopes = Vector256.FusedMultiplyAdd(term, reciprocal, slopes);
                magnitudes += Vector256.Abs(term);
            }

            sum += Vector256.Sum(sums);
            slope += Vector256.Sum(slopes);
            magnitude += Vector256.Sum(magnitudes);
        }

        for (; j < to; j++)
        {
            double reciprocal = 1.0 / (shifted[j] - tau);
            double term = w[j] * reciprocal;
            sum += term;
            slope += term * reciprocal;
            magnitude += Math.Abs(term);
        }
    }

    /// <summary>
    /// The step η to the root of the model <c>C + b/(δ_l − η) + e/(δ_r − η)</c> fitted to f's value and both halves'
    /// slopes at the current point, chosen inside the bracket <c>(low, high)</c>; NaN when the model has no root there.
    /// </summary>
    private static double RationalStep(double deltaLeft, double deltaRight, double f, double psi, double psiSlope, double phi, double phiSlope, double inverseRho, double low, double high)
    {
        double b = psiSlope * deltaLeft * deltaLeft;
        double e = phiSlope * deltaRight * deltaRight;
        double c = inverseRho + (psi - (psiSlope * deltaLeft)) + (phi - (phiSlope * deltaRight));
        double linear = (c * (deltaLeft + deltaRight)) + b + e;
        double constant = deltaLeft * deltaRight * f;
        double first, second;
        if (c == 0)
        {
            first = constant / linear;
            second = double.NaN;
        }
        else
        {
            double discriminant = (linear * linear) - (4 * c * constant);
            if (discriminant < 0)
            {
                return double.NaN;
            }

            double q = 0.5 * (linear + (linear >= 0 ? Math.Sqrt(discriminant) : -Math.Sqrt(discriminant)));
            first = q / c;
            second = q != 0 ? constant / q : double.NaN;
        }

        if (first > low && first < high)
        {
            return second > low && second < high && Math.Abs(second) < Math.Abs(first) ? second : first;
        }

        return second > low && second < high ? second : double.NaN;
    }
}
