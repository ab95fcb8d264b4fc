using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Matrices;
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
            if (NonFiniteScanner.Count(values, out int bad) > 0)
            {
                throw new GroupReduceException(
                    CalibrationErrorCodes.InvalidHiddenStates,
                    $"hidden state {first + (bad / d)} has a non-finite value ({values[bad]}) in column {bad % d}; export finite activations",
                    SourceLocation.OfFile(path));
            }

            Accumulate(values, d, moment);
        }

        return (d, Finish(moment, d, n), n);
    }

    /// <summary><c>(1/N) Σₜ hₜ hₜᵀ</c> of states held in memory (<c>N x d</c>, row-major, finite).</summary>
    /// <param name="states">The states.</param>
    /// <param name="d">Their width.</param>
    /// <returns>The <c>d x d</c> matrix, row-major.</returns>
    public static double[] SecondMoment(ReadOnlySpan<float> states, int d)
    {
        var moment = new double[d * d];
        Accumulate(states, d, moment);
        return Finish(moment, d, states.Length / d);
    }

    // Lower triangle only; mirrored by Finish. States are added in order, so the sums are the same on every run.
    private static void Accumulate(ReadOnlySpan<float> states, int d, double[] moment)
    {
        for (int t = 0; t < states.Length / d; t++)
        {
            ReadOnlySpan<float> h = states.Slice(t * d, d);
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

    private static double[] Finish(double[] moment, int d, long n)
    {
        for (int j = 0; j < d; j++)
        {
            for (int k = 0; k <= j; k++)
            {
                double value = moment[(j * d) + k] / Math.Max(1, n);
                moment[(j * d) + k] = value;
                moment[(k * d) + j] = value;
            }
        }

        return moment;
    }
}
