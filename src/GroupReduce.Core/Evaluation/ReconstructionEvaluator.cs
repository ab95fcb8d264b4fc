using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Models;
using GroupReduce.Runtime;

namespace GroupReduce.Core.Evaluation;

/// <summary>Measures every compressed matrix of an artifact against the original, overall and per group.</summary>
internal static class ReconstructionEvaluator
{
    private const int ChunkRows = 1024;

    /// <summary>Errors and sizes for every compressed matrix.</summary>
    /// <param name="original">The original model.</param>
    /// <param name="artifactFile">The artifact as a model file (for tensor sizes).</param>
    /// <param name="manifest">Its manifest.</param>
    /// <param name="artifact">The artifact opened by the runtime.</param>
    /// <param name="weights">Normalized row weights per row count.</param>
    /// <param name="threads">Threads to use.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>One entry per matrix, in manifest order.</returns>
    public static IReadOnlyList<MatrixEvaluation> Evaluate(ModelFile original, ModelFile artifactFile, ArtifactManifest manifest, CompressedModel artifact, Func<long, double[]> weights, int threads, CancellationToken cancellationToken)
    {
        var results = new List<MatrixEvaluation>();
        foreach (ManifestMatrix entry in manifest.Matrices)
        {
            ModelTensor tensor = original.FindTensor(entry.Tensor) ?? throw new Abstractions.GroupReduceException(
                EvaluationErrorCodes.ArtifactDoesNotMatch,
                $"the model '{original.Path}' has no tensor '{entry.Tensor}', which the artifact compresses: pass the model the artifact was made from",
                Abstractions.SourceLocation.OfFile(original.Path));
            IRowMatrix rows = tensor.AsMatrix();
            CompressedMatrix compressed = artifact.GetMatrix(entry.Tensor);
            if (rows.Rows != compressed.Rows || rows.Columns != compressed.Columns)
            {
                throw new Abstractions.GroupReduceException(
                    EvaluationErrorCodes.ArtifactDoesNotMatch,
                    $"'{entry.Tensor}' is {rows.Rows} x {rows.Columns} in the model but {compressed.Rows} x {compressed.Columns} in the artifact: pass the model the artifact was made from",
                    Abstractions.SourceLocation.OfFile(original.Path));
            }

            results.Add(Measure(entry, tensor.ByteLength, rows, compressed, weights(rows.Rows), StoredBytes(artifactFile, entry), threads, cancellationToken));
        }

        return results;
    }

    private static MatrixEvaluation Measure(ManifestMatrix entry, long originalBytes, IRowMatrix rows, CompressedMatrix compressed, double[] weights, long bytes, int threads, CancellationToken cancellationToken)
    {
        int groups = Math.Max(1, compressed.GroupCount);
        int columns = rows.Columns;
        int chunks = (int)((rows.Rows + ChunkRows - 1) / ChunkRows);

        // Per chunk and group: the four sums of ReconstructionError plus the frequency sum, added in chunk order afterwards.
        var sums = new double[chunks, groups, 5];
        var counts = new long[chunks, groups];
        Parallel.For(
            0,
            chunks,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken },
            () => (Original: new float[ChunkRows * columns], Row: new float[columns]),
            (chunk, _, buffers) =>
            {
                long first = (long)chunk * ChunkRows;
                int count = (int)Math.Min(ChunkRows, rows.Rows - first);
                rows.CopyRows(first, count, buffers.Original);
                for (int r = 0; r < count; r++)
                {
                    int row = (int)(first + r);
                    compressed.GetRow(row, buffers.Row);
                    double error = 0;
                    double norm = 0;
                    for (int j = 0; j < columns; j++)
                    {
                        double a = buffers.Original[(r * columns) + j];
                        double difference = a - buffers.Row[j];
                        error += difference * difference;
                        norm += a * a;
                    }

                    int g = compressed.IsSparse ? 0 : compressed.GroupOf(row);
                    double w = weights[row];
                    sums[chunk, g, 0] += w * error;
                    sums[chunk, g, 1] += w * norm;
                    sums[chunk, g, 2] += error;
                    sums[chunk, g, 3] += norm;
                    sums[chunk, g, 4] += w;
                    counts[chunk, g]++;
                }

                return buffers;
            },
            _ => { });

        var perGroup = new List<GroupEvaluation>();
        var total = default(ReconstructionError);
        for (int g = 0; g < groups; g++)
        {
            var error = default(ReconstructionError);
            double frequency = 0;
            long members = 0;
            for (int c = 0; c < chunks; c++)
            {
                error += new ReconstructionError(sums[c, g, 0], sums[c, g, 1], sums[c, g, 2], sums[c, g, 3]);
                frequency += sums[c, g, 4];
                members += counts[c, g];
            }

            total += error;
            if (!compressed.IsSparse)
            {
                perGroup.Add(new GroupEvaluation(g, members, compressed.GroupRank(g), members > 0 ? frequency / members : 0, error.WeightedRelative, error.Relative));
            }
        }

        return new MatrixEvaluation(entry.Tensor, rows.Rows, columns, originalBytes, bytes, total.WeightedRelative, total.Relative, perGroup);
    }

    private static long StoredBytes(ModelFile artifact, ManifestMatrix matrix)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (ManifestGroup group in matrix.Groups)
        {
            foreach (ManifestPart part in (group.U ?? []).Concat(group.V ?? []).Concat(group.Dense ?? []))
            {
                names.Add(part.Data);
                if (part.Scales is { } scales)
                {
                    names.Add(scales);
                }

                if (part.Codebook is { } codebook)
                {
                    names.Add(codebook);
                }
            }
        }

        if (matrix.Sparse is { } sparse)
        {
            names.UnionWith([sparse.RowStart, sparse.ColumnIndices, sparse.Values]);
        }

        return names.Sum(name => artifact.FindTensor(name)?.ByteLength ?? 0);
    }
}
