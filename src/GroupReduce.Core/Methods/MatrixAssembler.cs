using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Abstractions.Quantization;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Matrices;
using GroupReduce.Core.Plugins;
using GroupReduce.Core.Storage;

namespace GroupReduce.Core.Methods;

/// <summary>
/// Turns a grouping into what is stored: projections <c>U_g = A_g V_g</c> (or the dense rows), encoded by
/// the group's quantizer (its encoding, under <c>quantizer: auto</c>) part by part, and measures the error of exactly what is stored (decoded values).
/// </summary>
internal sealed class MatrixAssembler(PluginSet plugins, IRunObserver observer, CancellationToken cancellationToken)
{
    private const long ReleaseThreshold = 16L << 20;

    public IReadOnlyList<StoredGroup> Assemble(ResolvedMatrix matrix, AssemblySessions sessions, int[][] rows, GroupRank[] ranks, GroupBasis?[] bases, double[] frequencies, TensorSpool? spool)
    {
        var groups = new List<StoredGroup>();
        long doneRows = 0;
        for (int g = 0; g < rows.Length; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int[] groupRows = rows[g];
            double meanFrequency = groupRows.Length == 0 ? 0 : groupRows.Average(i => frequencies[i]);
            if (groupRows.Length == 0)
            {
                groups.Add(new StoredGroup { Index = g, Rows = 0, Kind = GroupStorageKind.Empty, Rank = 0, Error = default, MeanFrequency = 0 });
                continue;
            }

            EncodingPlugin encoding = plugins.Encodings[ranks[g].Encoding];
            groups.Add(ranks[g].Dense
                ? AssembleDense(matrix, sessions.Measure, encoding, g, groupRows, meanFrequency, spool)
                : AssembleLowRank(matrix, sessions, encoding, g, groupRows, bases[g] ?? throw new InvalidOperationException($"group {g} has no basis"), meanFrequency, spool));
            doneRows += groupRows.Length;
            observer.Progress($"store {matrix.Name}", doneRows, matrix.Rows);
            if (spool is not null && groups[^1].Bytes > ReleaseThreshold)
            {
                // The group's encoded bytes are in the spool now; hand the large buffers they came in back to the
                // system before the next group allocates its own, so the heap does not grow to the size of the output.
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            }
        }

        return groups;
    }

    private StoredGroup AssembleDense(ResolvedMatrix matrix, ISolverSession session, EncodingPlugin encoding, int g, int[] groupRows, double meanFrequency, TensorSpool? spool)
    {
        int d = matrix.Columns;
        var parts = new List<StoredPart>();
        ReconstructionError error = default;
        float[] buffer = new float[(long)Math.Min(groupRows.Length, TensorParts.RowsPerPart(d)) * d];
        foreach ((long first, int count) in TensorParts.Split(groupRows.Length, d))
        {
            int[] partRows = groupRows[(int)first..((int)first + count)];
            Span<float> values = buffer.AsSpan(0, count * d);
            RowGather.Copy(matrix.Matrix, partRows, values);
            QuantizedTensor tensor = encoding.Encode(buffer, 0, count, d, $"dense rows of group {g} of '{matrix.Name}'");
            tensor.Dequantize(values);
            error += PluginGuard.Run(plugins.SolverInfo, "measuring error", () => session.MeasureError(partRows, buffer.AsSpan(0, count * d), ReadOnlySpan<float>.Empty, d, cancellationToken));
            parts.Add(StoredPart.Of(first, tensor, spool));
        }

        return new StoredGroup
        {
            Index = g,
            Rows = groupRows.Length,
            Kind = GroupStorageKind.Dense,
            Rank = d,
            Dense = new StoredBlock(groupRows.Length, d, parts),
            Error = error,
            MeanFrequency = meanFrequency,
            Encoding = plugins.ChoosesEncodings ? encoding.Label : null,
        };
    }

    private StoredGroup AssembleLowRank(ResolvedMatrix matrix, AssemblySessions sessions, EncodingPlugin encoding, int g, int[] groupRows, GroupBasis basis, double meanFrequency, TensorSpool? spool)
    {
        int d = matrix.Columns;
        int r = basis.Rank;

        // Calibrated, the basis was fitted in whitened coordinates: store L⁻ᵀV', against which the whitened coefficients give the row back.
        float[] stored = sessions.Metric?.Unwhiten(basis.Vectors, r) ?? basis.Vectors;

        // V first: every U part is measured against the decoded V that is actually stored.
        var vParts = new List<StoredPart>();
        float[] decodedV = new float[(long)d * r];
        foreach ((long first, int count) in TensorParts.Split(d, r))
        {
            QuantizedTensor tensor = encoding.Encode(stored, (int)(first * r), count, r, $"V of group {g} of '{matrix.Name}'");
            tensor.Dequantize(decodedV.AsSpan((int)(first * r), count * r));
            vParts.Add(StoredPart.Of(first, tensor, spool));
        }

        var uParts = new List<StoredPart>();
        ReconstructionError error = default;
        float[] buffer = new float[(long)Math.Min(groupRows.Length, TensorParts.RowsPerPart(r)) * r];
        foreach ((long first, int count) in TensorParts.Split(groupRows.Length, r))
        {
            int[] partRows = groupRows[(int)first..((int)first + count)];
            float[] u = buffer;
            PluginGuard.Run(plugins.SolverInfo, "projecting", () => sessions.Project.Project(partRows, basis, u.AsSpan(0, count * r), cancellationToken));
            CheckFinite(u.AsSpan(0, count * r), $"the projection of group {g} of '{matrix.Name}'");
            QuantizedTensor tensor = encoding.Encode(u, 0, count, r, $"U of group {g} of '{matrix.Name}'");
            tensor.Dequantize(u.AsSpan(0, count * r));
            error += PluginGuard.Run(plugins.SolverInfo, "measuring error", () => sessions.Measure.MeasureError(partRows, u.AsSpan(0, count * r), decodedV, r, cancellationToken));
            uParts.Add(StoredPart.Of(first, tensor, spool));
        }

        return new StoredGroup
        {
            Index = g,
            Rows = groupRows.Length,
            Kind = GroupStorageKind.LowRank,
            Rank = r,
            U = new StoredBlock(groupRows.Length, r, uParts),
            V = new StoredBlock(d, r, vParts),
            Error = error,
            MeanFrequency = meanFrequency,
            Encoding = plugins.ChoosesEncodings ? encoding.Label : null,
        };
    }

    private void CheckFinite(ReadOnlySpan<float> values, string what)
    {
        if (NonFiniteScanner.Count(values, out _) > 0)
        {
            throw new Abstractions.GroupReduceException(Abstractions.ErrorCodes.PluginNonFinite, $"solver '{plugins.SolverInfo.Name}' returned NaN or infinite values in {what}", null);
        }
    }
}
