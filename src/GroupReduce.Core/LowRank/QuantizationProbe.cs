using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Abstractions.Quantization;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Calibration;
using GroupReduce.Core.Matrices;
using GroupReduce.Core.Plugins;
using GroupReduce.Core.Storage;

namespace GroupReduce.Core.LowRank;

/// <summary>
/// Measures what each of <c>quantizer: auto</c>'s encodings adds to one group's weighted error, by encoding the group's
/// own factors as they would be stored, so that the partitioner chooses encodings from measured errors, not guesses.
/// <para>
/// With the basis <c>V</c> orthonormal (in the fit's coordinates) and <c>U = A V</c>, <c>UᵀWU = diag(λ)</c>, so the error
/// that encoding adds splits over the components: component <c>k</c> adds <c>Σ_i w_i (u_ik − û_ik)²</c> (from <c>U</c>) plus
/// <c>λ_k ‖v_k − v̂_k‖²</c> (from <c>V</c>), up to cross terms between the two encodings' errors. The factors are encoded
/// once at the highest rank a product of the group can sensibly have, <c>n·d/(n+d)</c> (beyond it dense storage of the
/// same encoding is both cheaper and exact up to encoding), part by part as the artifact stores them. Dense storage adds
/// <c>Σ_i w_i ‖a_i − â_i‖²</c> of the rows themselves. Calibrated, every error is taken in the metric's coordinates:
/// the stored <c>V</c> is <c>L⁻ᵀV'</c>, so its encoding error maps back by <c>Lᵀ</c>, and a dense row's by <c>L</c>.
/// </para>
/// </summary>
internal static class QuantizationProbe
{
    /// <summary>Every encoding's measured error for one group.</summary>
    /// <param name="plugins">The solver (for errors) and the encodings.</param>
    /// <param name="session">The fit's solver session (the matrix in the fit's coordinates), for the projection.</param>
    /// <param name="original">The matrix as read: what dense rows store.</param>
    /// <param name="metric">The calibration metric, or null.</param>
    /// <param name="weights">The fit's row weights.</param>
    /// <param name="rows">The group's rows.</param>
    /// <param name="full">The group's full-rank basis (eigenvalues descending).</param>
    /// <param name="what">The group, for messages.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>One measurement per encoding, in the order of <see cref="PluginSet.Encodings"/>.</returns>
    public static GroupQuantizationError[] Measure(
        PluginSet plugins,
        ISolverSession session,
        ResolvedMatrix original,
        RowMetric? metric,
        double[] weights,
        int[] rows,
        GroupBasis full,
        string what,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<EncodingPlugin> encodings = plugins.Encodings;
        int d = full.Columns;
        long n = rows.Length;
        int rank = (int)Math.Min(full.Rank, (n * d / (n + d)) + 1);
        GroupBasis basis = LowRankFitter.Leading(full, rank);
        var component = new double[encodings.Count][];
        var dense = new double[encodings.Count];
        for (int e = 0; e < encodings.Count; e++)
        {
            component[e] = new double[rank];
        }

        FactorV(basis, metric, encodings, component, what);
        FactorU(plugins, session, weights, rows, basis, encodings, component, what, cancellationToken);
        DenseRows(original, metric, weights, rows, encodings, dense, what, cancellationToken);
        // noise_weight scales what the partitioner sees, not what is measured or reported.
        double weight = plugins.NoiseWeight;
        return [.. Enumerable.Range(0, encodings.Count).Select(e => new GroupQuantizationError([.. component[e].Select(x => x * weight)], dense[e] * weight))];
    }

    private static void FactorV(GroupBasis basis, RowMetric? metric, IReadOnlyList<EncodingPlugin> encodings, double[][] component, string what)
    {
        int d = basis.Columns;
        int r = basis.Rank;
        float[] stored = metric?.Unwhiten(basis.Vectors, r) ?? basis.Vectors;
        var decoded = new float[(long)d * r];
        var delta = new float[(long)r * d];
        for (int e = 0; e < encodings.Count; e++)
        {
            foreach ((long first, int count) in TensorParts.Split(d, r))
            {
                QuantizedTensor tensor = encodings[e].Encode(stored, (int)(first * r), count, r, $"V of {what}");
                tensor.Dequantize(decoded.AsSpan((int)(first * r), count * r));
            }

            // Row k of delta is component k's encoding error, so the metric's Lᵀ maps it as it maps a row: by Whiten.
            for (int j = 0; j < d; j++)
            {
                for (int k = 0; k < r; k++)
                {
                    delta[((long)k * d) + j] = decoded[((long)j * r) + k] - stored[((long)j * r) + k];
                }
            }

            metric?.Whiten(delta, r);
            for (int k = 0; k < r; k++)
            {
                component[e][k] += basis.Eigenvalues[k] * SquaredNorm(delta.AsSpan(k * d, d));
            }
        }
    }

    private static void FactorU(PluginSet plugins, ISolverSession session, double[] weights, int[] rows, GroupBasis basis, IReadOnlyList<EncodingPlugin> encodings, double[][] component, string what, CancellationToken cancellationToken)
    {
        int r = basis.Rank;
        var u = new float[(long)Math.Min(rows.Length, TensorParts.RowsPerPart(r)) * r];
        var decoded = new float[u.Length];
        foreach ((long first, int count) in TensorParts.Split(rows.Length, r))
        {
            cancellationToken.ThrowIfCancellationRequested();
            int[] part = rows[(int)first..((int)first + count)];
            PluginGuard.Run(plugins.SolverInfo, "projecting", () => session.Project(part, basis, u.AsSpan(0, count * r), cancellationToken));
            if (NonFiniteScanner.Count(u.AsSpan(0, count * r), out _) > 0)
            {
                throw new GroupReduceException(ErrorCodes.PluginNonFinite, $"solver '{plugins.SolverInfo.Name}' returned NaN or infinite values in the projection of {what}", null);
            }

            for (int e = 0; e < encodings.Count; e++)
            {
                encodings[e].Encode(u, 0, count, r, $"U of {what}").Dequantize(decoded.AsSpan(0, count * r));
                double[] sums = component[e];
                for (int i = 0; i < count; i++)
                {
                    double w = weights[part[i]];
                    for (int k = 0; k < r; k++)
                    {
                        double diff = (double)decoded[(i * r) + k] - u[(i * r) + k];
                        sums[k] += w * diff * diff;
                    }
                }
            }
        }
    }

    private static void DenseRows(ResolvedMatrix original, RowMetric? metric, double[] weights, int[] rows, IReadOnlyList<EncodingPlugin> encodings, double[] dense, string what, CancellationToken cancellationToken)
    {
        int d = original.Columns;
        var values = new float[(long)Math.Min(rows.Length, TensorParts.RowsPerPart(d)) * d];
        var delta = new float[values.Length];
        foreach ((long first, int count) in TensorParts.Split(rows.Length, d))
        {
            cancellationToken.ThrowIfCancellationRequested();
            int[] part = rows[(int)first..((int)first + count)];
            RowGather.Copy(original.Matrix, part, values.AsSpan(0, count * d));
            for (int e = 0; e < encodings.Count; e++)
            {
                encodings[e].Encode(values, 0, count, d, $"dense rows of {what}").Dequantize(delta.AsSpan(0, count * d));
                for (long x = 0; x < (long)count * d; x++)
                {
                    delta[x] -= values[x];
                }

                metric?.Whiten(delta.AsSpan(0, count * d), count);
                for (int i = 0; i < count; i++)
                {
                    dense[e] += weights[part[i]] * SquaredNorm(delta.AsSpan(i * d, d));
                }
            }
        }
    }

    private static double SquaredNorm(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float x in values)
        {
            sum += (double)x * x;
        }

        return sum;
    }
}
