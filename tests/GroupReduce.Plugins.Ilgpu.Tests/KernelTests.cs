using GroupReduce.Plugins.Ilgpu.Device;
using GroupReduce.Plugins.Ilgpu.Tests.Support;
using ILGPU;
using ILGPU.Runtime;

namespace GroupReduce.Plugins.Ilgpu.Tests;

/// <summary>Each kernel against a double-precision reference, at sizes that leave partial tiles on every edge.</summary>
public sealed class KernelTests
{
    [Theory]
    [InlineData(37, 23, 41)]
    [InlineData(1, 5, 3)]
    [InlineData(70, 48, 16)]
    public void The_tiled_product_matches_a_double_reference(int m, int n, int k)
    {
        using IlgpuSolver solver = TestSolvers.Ilgpu();
        CheckProduct(solver, m, n, k);
    }

    [Fact]
    public void The_product_with_the_gpu_tile_shape_matches_a_double_reference()
    {
        using IlgpuSolver solver = TestSolvers.IlgpuWithGpuTiles();
        Assert.Equal(64, solver.Kernels.Tile);
        CheckProduct(solver, 70, 66, 35);
    }

    [Theory]
    [InlineData(100, 24)]
    [InlineData(600, 16)]
    [InlineData(7, 33)]
    public void The_gram_partials_sum_to_the_upper_triangle_of_xt_x(int rows, int d)
    {
        using IlgpuSolver solver = TestSolvers.Ilgpu();
        float[] x = TestData.Uniform(rows * d, seed: rows + d);
        DeviceMemory memory = solver.Memory;
        MemoryBuffer1D<float, Stride1D.Dense> input = memory.Allocate<float>(x.Length, "test");
        MemoryBuffer1D<float, Stride1D.Dense> partials = memory.Allocate<float>(16L * d * d, "test");
        MemoryBuffer1D<double, Stride1D.Dense> gram = memory.Allocate<double>((long)d * d, "test");
        try
        {
            input.View.CopyFromCPU(x);
            gram.View.MemSetToZero();
            int splits = solver.Ops.GramPartials(input.View, partials.View, rows, d);
            solver.Ops.Accumulate(partials.View, gram.View, d, splits);
            var result = new double[d * d];
            gram.View.CopyToCPU(result);
            if (rows >= 512)
            {
                Assert.True(splits > 1, "a long chunk is split across the grid");
            }

            for (int i = 0; i < d; i++)
            {
                for (int j = i; j < d; j++)
                {
                    double expected = 0;
                    for (int r = 0; r < rows; r++)
                    {
                        expected += (double)x[(r * d) + i] * x[(r * d) + j];
                    }

                    Assert.True(Math.Abs(result[(i * d) + j] - expected) <= 1e-4 * (1 + Math.Abs(expected)), $"G[{i},{j}] = {result[(i * d) + j]}, expected {expected}");
                }
            }
        }
        finally
        {
            memory.Release(input);
            memory.Release(partials);
            memory.Release(gram);
        }
    }

    [Fact]
    public void Segment_sums_give_per_group_energies_and_row_norms_in_double()
    {
        using IlgpuSolver solver = TestSolvers.Ilgpu();
        const int rows = 9, stride = 37;
        int[] offsets = [0, 5, 5, 20, 37];
        float[] values = TestData.Uniform(rows * stride, seed: 3);
        DeviceMemory memory = solver.Memory;
        var input = memory.Allocate<float>(values.Length, "test");
        var offsetBuffer = memory.Allocate<int>(offsets.Length, "test");
        var output = memory.Allocate<float>(rows * 4, "test");
        try
        {
            input.View.CopyFromCPU(values);
            offsetBuffer.View.CopyFromCPU(offsets);
            solver.Ops.SquareSums(input.View, offsetBuffer.View, output.View, rows, stride, 4);
            var result = new float[rows * 4];
            output.View.CopyToCPU(result);
            for (int i = 0; i < rows; i++)
            {
                for (int s = 0; s < 4; s++)
                {
                    double expected = 0;
                    for (int j = offsets[s]; j < offsets[s + 1]; j++)
                    {
                        expected += (double)values[(i * stride) + j] * values[(i * stride) + j];
                    }

                    Assert.Equal((float)expected, result[(i * 4) + s]);
                }
            }
        }
        finally
        {
            memory.Release(input);
            memory.Release(offsetBuffer);
            memory.Release(output);
        }
    }

    [Fact]
    public void Row_errors_and_norms_are_exact_sums_in_double()
    {
        using IlgpuSolver solver = TestSolvers.Ilgpu();
        const int rows = 6, d = 45;
        float[] a = TestData.Uniform(rows * d, seed: 5);
        float[] b = TestData.Uniform(rows * d, seed: 6);
        DeviceMemory memory = solver.Memory;
        var left = memory.Allocate<float>(a.Length, "test");
        var right = memory.Allocate<float>(b.Length, "test");
        var output = memory.Allocate<double>(2 * rows, "test");
        try
        {
            left.View.CopyFromCPU(a);
            right.View.CopyFromCPU(b);
            solver.Ops.RowErrors(left.View, right.View, output.View, rows, d);
            var result = new double[2 * rows];
            output.View.CopyToCPU(result);
            for (int i = 0; i < rows; i++)
            {
                double error = 0, norm = 0;
                for (int j = 0; j < d; j++)
                {
                    double x = a[(i * d) + j];
                    double diff = x - b[(i * d) + j];
                    error += diff * diff;
                    norm += x * x;
                }

                Assert.Equal(error, result[2 * i], 12);
                Assert.Equal(norm, result[(2 * i) + 1], 12);
            }
        }
        finally
        {
            memory.Release(left);
            memory.Release(right);
            memory.Release(output);
        }
    }

    [Fact]
    public void Gather_and_scale_move_the_listed_rows()
    {
        using IlgpuSolver solver = TestSolvers.Ilgpu();
        const int rows = 12, d = 7;
        float[] source = TestData.Uniform(rows * d, seed: 8);
        int[] picked = [1, 4, 5, 11];
        float[] factors = [2f, -1f, 0.5f, 3f];
        DeviceMemory memory = solver.Memory;
        var all = memory.Allocate<float>(source.Length, "test");
        var indices = memory.Allocate<int>(picked.Length, "test");
        var gathered = memory.Allocate<float>(picked.Length * d, "test");
        var scale = memory.Allocate<float>(picked.Length, "test");
        var scaled = memory.Allocate<float>(picked.Length * d, "test");
        try
        {
            all.View.CopyFromCPU(source);
            indices.View.CopyFromCPU(picked);
            scale.View.CopyFromCPU(factors);
            solver.Ops.Gather(all.View, indices.View, gathered.View, picked.Length, d);
            solver.Ops.ScaleRows(gathered.View, scale.View, scaled.View, picked.Length, d);
            var result = new float[picked.Length * d];
            scaled.View.CopyToCPU(result);
            for (int i = 0; i < picked.Length; i++)
            {
                for (int j = 0; j < d; j++)
                {
                    Assert.Equal(factors[i] * source[(picked[i] * d) + j], result[(i * d) + j]);
                }
            }
        }
        finally
        {
            memory.Release(all);
            memory.Release(indices);
            memory.Release(gathered);
            memory.Release(scale);
            memory.Release(scaled);
        }
    }

    private static void CheckProduct(IlgpuSolver solver, int m, int n, int k)
    {
        float[] a = TestData.Uniform(m * k, seed: m);
        float[] b = TestData.Uniform(k * n, seed: n + 100);
        DeviceMemory memory = solver.Memory;
        var left = memory.Allocate<float>(a.Length, "test");
        var right = memory.Allocate<float>(b.Length, "test");
        var output = memory.Allocate<float>(m * n, "test");
        try
        {
            left.View.CopyFromCPU(a);
            right.View.CopyFromCPU(b);
            solver.Ops.Multiply(left.View, right.View, output.View, m, n, k);
            var result = new float[m * n];
            output.View.CopyToCPU(result);
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double expected = 0;
                    for (int p = 0; p < k; p++)
                    {
                        expected += (double)a[(i * k) + p] * b[(p * n) + j];
                    }

                    Assert.True(Math.Abs(result[(i * n) + j] - expected) <= 1e-5 * (1 + Math.Sqrt(k)), $"C[{i},{j}] = {result[(i * n) + j]}, expected {expected}");
                }
            }
        }
        finally
        {
            memory.Release(left);
            memory.Release(right);
            memory.Release(output);
        }
    }
}
