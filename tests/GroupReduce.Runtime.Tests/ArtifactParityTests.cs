using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Runtime.Tests;

/// <summary>The runtime reconstructs exactly what the format-only reference decoder reads, for every method and encoding.</summary>
public sealed class ArtifactParityTests
{
    public static TheoryData<string, string> Methods => new()
    {
        { "groupreduce", "quantizer: float" },
        { "groupreduce", "quantizer: { name: float, options: { dtype: f16 } }" },
        { "groupreduce", "quantizer: { name: float, options: { dtype: bf16 } }" },
        { "groupreduce", "quantizer: int8" },
        { "groupreduce", "quantizer: { name: int8, options: { block: 5, scale: f16 } }" },
        { "groupreduce", "quantizer: int4" },
        { "groupreduce", "quantizer: { name: int8, options: { block: 16 } }" },
        { "groupreduce", "quantizer: auto" },
        { "groupreduce", "quantizer: { name: codebook, options: { bits: 3 } }" },
        { "svd", "quantizer: float" },
        { "weighted-svd", "quantizer: int8" },
        { "prune", "quantizer: float" },
        { "quantize", "quantizer: int4" },
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void Rows_and_products_match_the_reference_decoder(string method, string quantizer)
    {
        using var folder = new TempFolder();
        SyntheticModel model = SyntheticModel.Create(rows: 300, columns: 20);
        model.Write(folder);
        Runs.Compress(folder, Runs.BasicSpec.Replace("rate: 4x", "rate: 3x", StringComparison.Ordinal) + $"method: {method}\n{quantizer}\n");
        Dictionary<string, float[]> expected = ArtifactDecoder.Decode(folder.File("out.gr.safetensors"));

        using CompressedModel artifact = CompressedModel.Open(folder.File("out.gr.safetensors"));

        Assert.Equal(method, artifact.Method);
        foreach ((string name, float[] values) in expected)
        {
            CompressedMatrix matrix = artifact.GetMatrix(name);
            Assert.Equal(300, matrix.Rows);
            Assert.Equal(20, matrix.Columns);
            var row = new float[20];
            for (int i = 0; i < matrix.Rows; i++)
            {
                matrix.GetRow(i, row);
                for (int j = 0; j < 20; j++)
                {
                    Assert.True(Math.Abs(row[j] - values[(i * 20) + j]) <= 1e-5f * (1 + Math.Abs(values[(i * 20) + j])), $"{name}[{i},{j}]: {row[j]} vs {values[(i * 20) + j]}");
                }
            }

            float[] x = Enumerable.Range(0, 20).Select(j => MathF.Sin(j + 1)).ToArray();
            var product = new float[300];
            matrix.Multiply(x, product, QuantizedProducts.ExactDecoding);
            for (int i = 0; i < 300; i++)
            {
                double reference = 0;
                for (int j = 0; j < 20; j++)
                {
                    reference += (double)values[(i * 20) + j] * x[j];
                }

                Assert.True(Math.Abs(product[i] - reference) <= 1e-4 * (1 + Math.Abs(reference)), $"{name} row {i}: {product[i]} vs {reference}");
            }

            // The default (integer dot products for int parts) stays near the exact decoding: the input's rounding step
            // is max|t| / 254 per value, a small fraction of the largest product (the tight bound is in IntegerRowDotsTests).
            var fast = new float[300];
            matrix.Multiply(x, fast);
            float largest = product.Max(Math.Abs);
            for (int i = 0; i < 300; i++)
            {
                Assert.True(Math.Abs(fast[i] - product[i]) <= 0.02f * largest, $"{name} row {i}: integer {fast[i]} vs exact {product[i]}");
            }
        }
    }

    [Fact]
    public void Passed_through_tensors_read_as_they_were_and_sizes_are_the_manifests()
    {
        using var folder = new TempFolder();
        SyntheticModel model = SyntheticModel.Create(rows: 200, columns: 16);
        model.Write(folder);
        Core.Reporting.CompressionReport report = Runs.Compress(folder, Runs.BasicSpec);

        using CompressedModel artifact = CompressedModel.Open(folder.File("out.gr.safetensors"));

        Assert.Equal(model.Bias, artifact.ReadTensor("decoder.bias"));
        Assert.Equal([200L], artifact.TensorShape("decoder.bias"));
        Assert.Equal(report.Artifact!.CompressedBytes, artifact.CompressedBytes);
        Assert.Equal(report.Result.OriginalBytes, artifact.OriginalBytes);
        Assert.Equal(report.Result.Rate, artifact.CompressionRate, 6);
        Assert.Equal(new FileInfo(folder.File("out.gr.safetensors")).Length, artifact.FileBytes);
        Assert.Equal(2, artifact.Matrices.Count);
        Assert.Equal(6, artifact.GetMatrix("decoder.weight").GroupCount);
        Assert.Null(artifact.Vocabulary);
    }

    [Fact]
    public void Many_threads_multiplying_at_once_get_what_one_thread_gets()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 400, columns: 24).Write(folder);
        Runs.Compress(folder, Runs.BasicSpec + "quantizer: int4\n");
        using CompressedModel artifact = CompressedModel.Open(folder.File("out.gr.safetensors"));
        CompressedMatrix softmax = artifact.GetMatrix("decoder.weight");
        float[][] inputs = Enumerable.Range(0, 64).Select(s => Enumerable.Range(0, 24).Select(j => MathF.Cos((s * 31) + j)).ToArray()).ToArray();
        float[][] serial = inputs.Select(x =>
        {
            var y = new float[400];
            softmax.Multiply(x, y);
            return y;
        }).ToArray();

        var parallel = new float[64][];
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, s =>
        {
            parallel[s] = new float[400];
            softmax.Multiply(inputs[s], parallel[s]);
        });

        for (int s = 0; s < 64; s++)
        {
            Assert.Equal(serial[s], parallel[s]);
        }
    }
}
