using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Models;

namespace GroupReduce.Core.Calibration;

/// <summary>The hidden states of <c>calibration.hidden</c>: <c>Σ = (1/N) Σₜ hₜ hₜᵀ</c>, accumulated in double, in a fixed order.</summary>
internal static class HiddenStates
{
    private const int Block = 256;

    /// <summary>Reads the file and returns its width and second-moment matrix (row-major <c>d x d</c>, both triangles).</summary>
    /// <param name="path">An <c>.npy</c> or any single-tensor model file.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The width <c>d</c>, the matrix and the number of hidden states.</returns>
    public static (int Width, double[] Moment, long Count) SecondMoment(string path, CancellationToken cancellationToken)
    {
        using ModelFile file = ModelFileReader.Open(path);
        if (file.Tensors.Count != 1 || !file.Tensors[0].IsMatrix || file.Tensors[0].Shape[0] < 1)
        {
            string found = file.Tensors.Count == 1
                ? $"{file.Tensors[0].DType} [{string.Join(", ", file.Tensors[0].Shape)}]"
                : $"{file.Tensors.Count} tensors";
            throw new GroupReduceException(
                CalibrationErrorCodes.InvalidHiddenStates,
                $"the calibration hidden states must be one floating-point matrix [N, d] with N ≥ 1 (an .npy written with numpy.save), not {found}",
                SourceLocation.OfFile(path));
        }

        IRowMatrix states = file.Tensors[0].AsMatrix();
        int d = states.Columns;
        long n = states.Rows;
        var moment = new double[d * d];
        var block = new float[Block * d];
        for (long first = 0; first < n; first += Block)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = (int)Math.Min(Block, n - first);
            Span<float> values = block.AsSpan(0, count * d);
            states.CopyRows(first, count, values);
            for (int t = 0; t < count; t++)
            {
                ReadOnlySpan<float> h = values.Slice(t * d, d);
                for (int j = 0; j < d; j++)
                {
                    if (!float.IsFinite(h[j]))
                    {
                        throw new GroupReduceException(
                            CalibrationErrorCodes.InvalidHiddenStates,
                            $"hidden state {first + t} has a non-finite value ({h[j]}) in column {j}; export finite activations",
                            SourceLocation.OfFile(path));
                    }
                }

                // Lower triangle only; mirrored below. Rows are added in file order, so the sums are the same on every run.
                for (int j = 0; j < d; j++)
                {
                    double hj = h[j];
                    Span<double> row = moment.AsSpan(j * d, j + 1);
                    for (int k = 0; k <= j; k++)
                    {
                        row[k] += hj * h[k];
                    }
                }
            }
        }

        for (int j = 0; j < d; j++)
        {
            for (int k = 0; k <= j; k++)
            {
                double value = moment[(j * d) + k] / n;
                moment[(j * d) + k] = value;
                moment[(k * d) + j] = value;
            }
        }

        return (d, moment, n);
    }
}
