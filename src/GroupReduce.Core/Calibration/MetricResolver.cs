using GroupReduce.Abstractions;
using GroupReduce.Core.Matrices;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Calibration;

/// <summary>Turns <c>calibration:</c> into the metric of the matrix its hidden states feed.</summary>
internal static class MetricResolver
{
    /// <summary>The metric of each calibrated matrix, by tensor name (empty without <c>calibration:</c>).</summary>
    /// <param name="spec">The calibration block, or null.</param>
    /// <param name="matrices">The matrices being compressed.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The metrics.</returns>
    /// <param name="activations">With <c>tokens:</c>, what the model said about its matrices; else null.</param>
    public static IReadOnlyDictionary<string, RowMetric> Resolve(CalibrationSpec? spec, IReadOnlyList<ResolvedMatrix> matrices, ModelActivations? activations, CancellationToken cancellationToken)
    {
        var metrics = new Dictionary<string, RowMetric>(StringComparer.Ordinal);
        if (spec is null)
        {
            return metrics;
        }

        if (activations is not null)
        {
            // The family's own matrices, where the spec compresses them; shapes were checked when the model was loaded.
            if (matrices.Any(m => m.Name == activations.SoftmaxTensor))
            {
                double[] inputs = HiddenStates.SecondMoment(activations.SoftmaxInputs, activations.HiddenWidth);
                metrics[activations.SoftmaxTensor] = RowMetric.FromCovariance(inputs, activations.HiddenWidth, spec.Epsilon.Value, $"the softmax inputs at {activations.Source}");
            }

            if (spec.Embedding.Value && matrices.Any(m => m.Name == activations.EmbeddingTensor))
            {
                metrics[activations.EmbeddingTensor] = RowMetric.FromCovariance(activations.EmbeddingMetric, activations.EmbeddingWidth, spec.Epsilon.Value, "the next layer's input weights");
            }

            return metrics;
        }

        string path = spec.Hidden?.Value ?? throw new ArgumentException("calibration by tokens needs the model's activations", nameof(activations));
        (int width, double[] moment, long count) = HiddenStates.SecondMoment(path, cancellationToken);
        ResolvedMatrix target = Target(spec, matrices, width, path);
        if (target.Columns != width)
        {
            throw new GroupReduceException(
                CalibrationErrorCodes.InvalidHiddenStates,
                $"the hidden states are {width} wide but '{target.Name}' has {target.Columns} columns; export the vectors that '{target.Name}' multiplies",
                SourceLocation.OfFile(path));
        }

        string source = $"{count:N0} hidden states in {Path.GetFileName(path)}";
        metrics[target.Name] = RowMetric.FromCovariance(moment, width, spec.Epsilon.Value, source);
        return metrics;
    }

    private static ResolvedMatrix Target(CalibrationSpec spec, IReadOnlyList<ResolvedMatrix> matrices, int width, string path)
    {
        if (spec.Matrix is { } named)
        {
            return matrices.FirstOrDefault(m => m.Name == named.Value) ?? throw new GroupReduceException(
                SpecErrorCodes.CalibrationMatrixUnknown,
                $"'calibration.matrix' names '{named.Value}', which is not a compressed matrix; use one of: {string.Join(", ", matrices.Select(m => m.Name))}",
                named.Location);
        }

        ResolvedMatrix[] wide = matrices.Where(m => m.Columns == width).ToArray();
        return wide.Length == 1
            ? wide[0]
            : throw new GroupReduceException(
                CalibrationErrorCodes.NoMatrixForHiddenStates,
                wide.Length == 0
                    ? $"no compressed matrix is {width} columns wide like the hidden states in '{path}' ({string.Join(", ", matrices.Select(m => $"{m.Name}: {m.Columns}"))}); export the vectors the softmax multiplies"
                    : $"{wide.Length} compressed matrices are {width} columns wide like the hidden states ({string.Join(", ", wide.Select(m => m.Name))}); say which one they feed with 'calibration.matrix'",
                spec.Location);
    }
}
