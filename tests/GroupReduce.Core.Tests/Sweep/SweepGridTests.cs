using GroupReduce.Core.Spec;
using GroupReduce.Core.Sweep;

namespace GroupReduce.Core.Tests.Sweep;

public sealed class SweepGridTests
{
    private static readonly SweepBudget[] Budgets = [SweepBudget.Rate(4), SweepBudget.Bytes(50_000)];

    [Fact]
    public void Low_rank_methods_run_at_every_budget_with_every_quantizer()
    {
        SweepGrid grid = SweepGrid.Create([CompressionMethod.WeightedSvd], Budgets, ["none", "int4"]);

        Assert.Equal(["weighted-svd-4x-none", "weighted-svd-50000B-none", "weighted-svd-4x-int4", "weighted-svd-50000B-int4"], grid.Cells.Select(c => c.Name));
        Assert.Empty(grid.Notes);
    }

    [Fact]
    public void Quantization_alone_is_one_point_per_real_quantizer_and_none_is_left_out()
    {
        SweepGrid grid = SweepGrid.Create([CompressionMethod.Quantize], Budgets, ["none", "int8", "int4"]);

        Assert.Equal(["quantize-fixed-int8", "quantize-fixed-int4"], grid.Cells.Select(c => c.Name));
        Assert.All(grid.Cells, c => Assert.Null(c.Budget));
        Assert.Equal(["quantize: one cell per quantizer, whatever the budgets: the quantizer alone fixes its size; none is left out (it would store the original matrices)"], grid.Notes);
    }

    [Fact]
    public void Auto_runs_with_the_low_rank_methods_but_not_with_quantization_alone()
    {
        SweepGrid grid = SweepGrid.Create([CompressionMethod.GroupReduce, CompressionMethod.Quantize], [SweepBudget.Rate(4)], ["int8", "auto"]);

        Assert.Equal(["groupreduce-4x-int8", "groupreduce-4x-auto", "quantize-fixed-int8"], grid.Cells.Select(c => c.Name));
        Assert.Contains(grid.Notes, n => n.StartsWith("quantize: no 'auto' cell", StringComparison.Ordinal));
    }

    [Fact]
    public void Quantization_alone_with_only_none_has_no_cells_and_says_why()
    {
        SweepGrid grid = SweepGrid.Create([CompressionMethod.Quantize], Budgets, ["none"]);

        Assert.Empty(grid.Cells);
        Assert.Contains("add a quantizer such as int8", Assert.Single(grid.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Pruning_is_one_float32_point_per_budget_whatever_the_quantizers()
    {
        SweepGrid grid = SweepGrid.Create([CompressionMethod.Prune], Budgets, ["int8", "codebook"]);

        Assert.Equal(["prune-4x-none", "prune-50000B-none"], grid.Cells.Select(c => c.Name));
        Assert.StartsWith("prune: one cell per budget, quantizer none", Assert.Single(grid.Notes), StringComparison.Ordinal);
    }
}
