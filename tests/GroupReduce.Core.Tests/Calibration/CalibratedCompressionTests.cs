using GroupReduce.Abstractions;
using GroupReduce.Core.Evaluation;
using GroupReduce.Core.Models;
using GroupReduce.Core.Reporting;
using GroupReduce.Runtime;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Calibration;

/// <summary><c>calibration:</c> through the whole engine, judged by the softmax's own hidden states.</summary>
public sealed class CalibratedCompressionTests
{
    private const int Width = 24;

    private const string Spec = Runs.BasicSpec + "refinement:\n  iterations: 2\n";

    /// <summary>
    /// Hidden states that live mostly in a few directions, as a trained model's do: <c>h = Q diag(s) z</c> with a fixed random
    /// rotation <c>Q</c> (the same for every seed) and scales falling by half per direction.
    /// </summary>
    private static float[] HiddenStates(int count, int seed)
    {
        var rotation = new Random(99);
        double[] q = Enumerable.Range(0, Width * Width).Select(_ => rotation.NextDouble() - 0.5).ToArray();
        var random = new Random(seed);
        var states = new float[count * Width];
        for (int t = 0; t < count; t++)
        {
            double[] z = Enumerable.Range(0, Width).Select(k => Math.Pow(0.5, k) * ((random.NextDouble() * 2) - 1)).ToArray();
            for (int j = 0; j < Width; j++)
            {
                double sum = 0;
                for (int k = 0; k < Width; k++)
                {
                    sum += q[(j * Width) + k] * z[k];
                }

                states[(t * Width) + j] = (float)(4 * sum);
            }
        }

        return states;
    }

    private static void WriteNpy(TempFolder folder, string name, float[] values, long[] shape) =>
        File.WriteAllBytes(folder.File(name), NpyBytes.Build("<f4", shape, values.SelectMany(BitConverter.GetBytes).ToArray()));

    private static void WriteTokens(TempFolder folder, string name, int count) =>
        File.WriteAllBytes(folder.File(name), NpyBytes.Build("<i8", [count], Enumerable.Range(0, count).SelectMany(t => BitConverter.GetBytes((long)((t * 7) % 600))).ToArray()));

    private static CalibrationResult Judge(TempFolder folder, string artifact)
    {
        using ModelFile original = ModelFileReader.Open(folder.File("lm.safetensors"));
        CompressedModel compressed = CompressedModel.Open(folder.File(artifact));
        return SoftmaxCalibration.Run(original, compressed, folder.File("heldout.npy"), folder.File("next.npy"), "decoder.weight", "decoder.bias", 1, CancellationToken.None);
    }

    [Fact]
    public void Calibrated_softmax_leaves_a_smaller_kl_divergence_on_held_out_hidden_states()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 600, columns: Width, seed: 4).Write(folder);
        WriteNpy(folder, "hidden.npy", HiddenStates(3000, 1), [3000, Width]);
        WriteNpy(folder, "heldout.npy", HiddenStates(1500, 2), [1500, Width]);
        WriteTokens(folder, "next.npy", 1500);

        CompressionReport plain = Runs.Compress(folder, Spec, output: "plain.gr.safetensors");
        CompressionReport calibrated = Runs.Compress(folder, Spec + "calibration:\n  hidden: hidden.npy\n  matrix: decoder.weight\n", output: "calibrated.gr.safetensors");

        CalibrationResult before = Judge(folder, "plain.gr.safetensors");
        CalibrationResult after = Judge(folder, "calibrated.gr.safetensors");
        Assert.True(after.MeanKlDivergence < before.MeanKlDivergence, $"calibrated KL {after.MeanKlDivergence} vs plain {before.MeanKlDivergence}");
        Assert.True(calibrated.Result.Bytes <= calibrated.Result.OriginalBytes / 4);

        // The embedding is not calibrated: it is stored exactly as without the block.
        Assert.Equal(
            plain.Result.Matrices.Single(m => m.Tensor == "encoder.weight").WeightedRelativeError,
            calibrated.Result.Matrices.Single(m => m.Tensor == "encoder.weight").WeightedRelativeError);
    }

    [Fact]
    public void The_hidden_states_are_a_run_input()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 300, columns: Width, seed: 4).Write(folder);
        WriteNpy(folder, "hidden.npy", HiddenStates(200, 1), [200, Width]);

        CompressionReport report = Runs.Compress(folder, Spec + "calibration: { hidden: hidden.npy, matrix: decoder.weight }\n");

        Assert.Contains(report.Inputs, input => input.Path == folder.File("hidden.npy"));
    }

    [Fact]
    public void Hidden_states_as_wide_as_two_matrices_need_the_matrix_named()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 300, columns: Width, seed: 4).Write(folder);
        WriteNpy(folder, "hidden.npy", HiddenStates(50, 1), [50, Width]);

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, Spec + "calibration: { hidden: hidden.npy }\n"));

        Assert.Equal("GR2141", error.Code);
        Assert.Contains("encoder.weight, decoder.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("calibration.matrix", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.gr.safetensors")));
    }

    [Fact]
    public void A_matrix_that_is_not_compressed_is_an_error_at_its_name()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 300, columns: Width, seed: 4).Write(folder);
        WriteNpy(folder, "hidden.npy", HiddenStates(50, 1), [50, Width]);

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, Spec + "calibration: { hidden: hidden.npy, matrix: decoder.bias }\n"));

        Assert.Equal("GR1110", error.Code);
        Assert.Contains("use one of: encoder.weight, decoder.weight", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Location);
    }

    [Theory]
    [InlineData("narrow")]
    [InlineData("vector")]
    [InlineData("nan")]
    public void Hidden_states_that_cannot_be_used_name_the_file_and_the_fix(string kind)
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 300, columns: Width, seed: 4).Write(folder);
        float[] states = HiddenStates(10, 1);
        if (kind == "nan")
        {
            states[(3 * Width) + 5] = float.NaN;
        }

        long[] shape = kind switch
        {
            "narrow" => [20, 12],
            "vector" => [240],
            _ => [10, Width],
        };
        WriteNpy(folder, "hidden.npy", states, shape);

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, Spec + "calibration: { hidden: hidden.npy, matrix: decoder.weight }\n"));

        Assert.Equal("GR2140", error.Code);
        Assert.Equal(folder.File("hidden.npy"), error.Location?.File);
        Assert.Contains(kind switch { "narrow" => "12 wide but 'decoder.weight' has 24 columns", "vector" => "[N, d]", _ => "hidden state 3 has a non-finite value" }, error.Message, StringComparison.Ordinal);
    }
}
