using GroupReduce.Core.Execution;
using GroupReduce.Core.LowRank;
using GroupReduce.Core.Reporting;
using GroupReduce.Plugins.Ilgpu.Tests.Support;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Plugins.Ilgpu.Tests;

/// <summary>
/// Whole compressions through the engine with the real plugins loaded from plugins/: <c>solver: ilgpu</c> against
/// <c>solver: cpu</c> on a small synthetic model. Artifacts cannot be byte-identical across the two solvers (the
/// manifest names the solver and its device, and the factors differ in the last bits because products are summed in
/// another order), so the test compares what they mean; two ilgpu runs on one device give identical bytes.
/// </summary>
public sealed class CompressionParityTests
{
    private static string Spec(string solver) => $"""
        version: 1
        matrices: [encoder.weight, decoder.weight]
        frequencies:
          source: counts
          path: counts.tsv
          vocabulary: vocab.txt
        budget:
          rate: 4x
        groups: 4
        refinement:
          iterations: 2
          min_moved_fraction: 0
        {solver}
        output:
          report: false

        """;

    private static string IlgpuSolver => $"solver: {{ name: ilgpu, options: {{ accelerator: {TestSolvers.Accelerator}, chunk_rows: 64 }} }}";

    [Fact]
    public void A_whole_compression_agrees_with_the_cpu_solver_and_repeats_byte_for_byte()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 160, columns: 24).Write(folder);

        CompressionReport cpu = Runs.Compress(folder, Spec("solver: cpu"), output: "cpu.gr.safetensors");
        CompressionReport ilgpu = Runs.Compress(folder, Spec(IlgpuSolver), output: "ilgpu.gr.safetensors");
        CompressionReport again = Runs.Compress(folder, Spec(IlgpuSolver), output: "again.gr.safetensors");

        Assert.Equal(cpu.Result.Bytes, ilgpu.Result.Bytes);
        Assert.Equal(cpu.Result.WeightedRelativeError!.Value, ilgpu.Result.WeightedRelativeError!.Value, cpu.Result.WeightedRelativeError.Value * 1e-3);
        for (int p = 0; p < cpu.Partitions.Count; p++)
        {
            IReadOnlyList<RefinementStep> expected = cpu.Partitions[p].Refinement;
            IReadOnlyList<RefinementStep> actual = ilgpu.Partitions[p].Refinement;
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].MovedRows, actual[i].MovedRows);
                Assert.Equal(expected[i].RelativeObjective, actual[i].RelativeObjective, 1e-5);
            }
        }

        ManifestDevice(ilgpu, TestSolvers.Accelerator);
        Assert.Contains(ilgpu.Kernels, kernel => kernel.Name == "compile" && kernel.Seconds > 0);
        Assert.Contains(ilgpu.Kernels, kernel => kernel.Name == "score" && kernel.Gflop > 0);
        Assert.Equal(File.ReadAllBytes(folder.File("ilgpu.gr.safetensors")), File.ReadAllBytes(folder.File("again.gr.safetensors")));
    }

    private static void ManifestDevice(CompressionReport report, string kind)
    {
        string? device = report.Plugins.Single(p => p.Kind == "solver").Device;
        Assert.NotNull(device);
        Assert.StartsWith(kind + ": ", device, StringComparison.Ordinal);
    }
}
