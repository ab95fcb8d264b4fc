using System.Reflection;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Cpu.Tests.Support;
using GroupReduce.Plugins.Numerics;
using GroupReduce.Testing.Plugins;

namespace GroupReduce.Plugins.Cpu.Tests;

/// <summary>Option validation, the plugin's identity, and the errors a user can hit.</summary>
public sealed class OptionAndErrorTests
{
    [Theory]
    [InlineData("threads", "0")]
    [InlineData("threads", "1025")]
    [InlineData("threads", "two")]
    [InlineData("eigensolver", "lanczos")]
    [InlineData("tolerance", "0")]
    [InlineData("tolerance", "-1e-3")]
    [InlineData("tolerance", "NaN")]
    [InlineData("max_iterations", "0")]
    [InlineData("seed", "-5")]
    [InlineData("gram_cache_mb", "-1")]
    public void Invalid_values_point_at_the_value(string key, string value)
    {
        var error = Assert.Throws<GroupReduceException>(() => Create((key, value)));
        Assert.Equal(ErrorCodes.InvalidOption, error.Code);
        Assert.Equal(Solvers.At(10, 7 + key.Length), error.Location);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_key_points_at_the_key_and_lists_known_ones()
    {
        var error = Assert.Throws<GroupReduceException>(() => Create(("threads", "2"), ("treads", "2")));
        Assert.Equal(ErrorCodes.UnknownOption, error.Code);
        Assert.Equal(Solvers.At(11, 5), error.Location);
        Assert.Contains("max_iterations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_come_from_the_context()
    {
        var context = new PluginContext(new RecordingLog(), 3);
        CpuSolverOptions options = CpuSolverOptions.Parse(Solvers.Options(), context);
        Assert.Equal(3, options.Threads);
        Assert.Equal(EigensolverKind.Auto, options.Eigensolver);
        Assert.Equal(CpuSolverOptions.DefaultTolerance, options.Tolerance);
        Assert.Equal(CpuSolverOptions.DefaultMaxIterations, options.MaxIterations);
        Assert.Equal(CpuSolverOptions.DefaultSeed, options.Seed);
        Assert.Equal(KernelPathSupport.Best, options.Path);
    }

    [Fact]
    public void Factory_and_device_describe_the_plugin()
    {
        var factory = new CpuSolverFactory();
        Assert.Equal("cpu", factory.Name);
        Assert.False(string.IsNullOrWhiteSpace(factory.Description));
        using ISolver solver = Create(("threads", "2"));
        Assert.Equal("cpu", solver.Device.Kind);
        Assert.Equal(2, solver.Device.Parallelism);
        Assert.EndsWith($"({KernelPathSupport.DisplayName(KernelPathSupport.Best)})", solver.Device.Name, StringComparison.Ordinal);
        GroupReducePluginAttribute marker = typeof(CpuSolverFactory).Assembly.GetCustomAttribute<GroupReducePluginAttribute>()!;
        Assert.True(PluginContract.IsCompatible(marker.ContractMajor, marker.ContractMinor));
    }

    [Fact]
    public void Rank_above_columns_is_impossible()
    {
        using ISolver solver = Solvers.Create(1);
        using ISolverSession session = solver.Open(Small(out _), TestData.Ones(50));
        var error = Assert.Throws<GroupReduceException>(() => session.FitBases([new GroupFitRequest(7, new[] { 1, 2, 3 }, 9)], null, CancellationToken.None));
        Assert.Equal(ErrorCodes.ImpossibleRank, error.Code);
        Assert.Contains("group 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("from 1 to 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_group_is_impossible()
    {
        using ISolver solver = Solvers.Create(1);
        using ISolverSession session = solver.Open(Small(out _), TestData.Ones(50));
        var error = Assert.Throws<GroupReduceException>(() => session.FitBases([new GroupFitRequest(2, Array.Empty<int>(), 1)], null, CancellationToken.None));
        Assert.Equal(ErrorCodes.ImpossibleRank, error.Code);
        Assert.Contains("group 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_rows_fail_the_factorization_naming_the_group()
    {
        ArrayRowMatrix matrix = Small(out float[] values);
        values[(10 * 8) + 3] = float.NaN;
        using ISolver solver = Solvers.Create(1);
        using ISolverSession session = solver.Open(matrix, TestData.Ones(50));
        var error = Assert.Throws<GroupReduceException>(() => session.FitBases(
            [new GroupFitRequest(0, Enumerable.Range(20, 30).ToArray(), 2), new GroupFitRequest(5, Enumerable.Range(0, 20).ToArray(), 2)],
            null,
            CancellationToken.None));
        Assert.Equal(ErrorCodes.FactorizationFailed, error.Code);
        Assert.Contains("group 5", error.Message, StringComparison.Ordinal);
        Assert.Contains(matrix.Name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsorted_rows_and_bad_weights_are_rejected()
    {
        using ISolver solver = Solvers.Create(1);
        Assert.Throws<ArgumentException>(() => solver.Open(Small(out _), TestData.Ones(49)));
        double[] weights = TestData.Ones(50);
        weights[3] = 0;
        Assert.Throws<ArgumentException>(() => solver.Open(Small(out _), weights));
        using ISolverSession session = solver.Open(Small(out _), TestData.Ones(50));
        Assert.Throws<ArgumentException>(() => session.FitBases([new GroupFitRequest(0, new[] { 3, 2 }, 1)], null, CancellationToken.None));
        Assert.Throws<ArgumentException>(() => session.FitBases([new GroupFitRequest(0, new[] { 3, 50 }, 1)], null, CancellationToken.None));
    }

    [Fact]
    public void Rank_above_row_count_gives_zero_tail_eigenvalues()
    {
        using ISolver solver = Solvers.Create(2, "subspace");
        using ISolverSession session = solver.Open(Small(out _), TestData.Ones(50));
        GroupBasis basis = session.FitBases([new GroupFitRequest(0, new[] { 4, 9, 30 }, 6)], null, CancellationToken.None)[0];
        Assert.Equal(6, basis.Rank);
        Assert.All(basis.Eigenvalues.Skip(3), value => Assert.True(value <= 1e-6 * basis.Eigenvalues[0]));
        Assert.True(basis.ResidualEnergy <= 1e-6 * basis.TotalEnergy);
    }

    [Fact]
    public void Cancellation_stops_the_work()
    {
        using ISolver solver = Solvers.Create(1);
        using ISolverSession session = solver.Open(Small(out _), TestData.Ones(50));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => session.FitBases([new GroupFitRequest(0, new[] { 1, 2 }, 1)], null, cancelled.Token));
    }

    private static ISolver Create(params (string Key, string Value)[] entries) =>
        new CpuSolverFactory().Create(Solvers.Options(entries), new PluginContext(new RecordingLog(), 2));

    private static ArrayRowMatrix Small(out float[] values)
    {
        values = TestData.Uniform(50 * 8, 31);
        return new ArrayRowMatrix(values, 50, 8);
    }
}
