using GroupReduce.Abstractions;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Pipeline;

/// <summary>A budget that is too small is reported in the unit the spec gave it, through the whole engine.</summary>
public sealed class BudgetUnitMessageTests
{
    private static GroupReduceException Compress(string budget)
    {
        using var folder = new TempFolder();
        SyntheticModel.Create().Write(folder);
        string spec = Runs.BasicSpec.Replace("rate: 4x", budget, StringComparison.Ordinal);
        return Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, spec));
    }

    [Fact]
    public void A_byte_budget_smaller_than_the_map_is_reported_in_bytes()
    {
        // Two matrices partitioned independently share 100 bytes: 50 each, against a 600-row map of one byte a row.
        GroupReduceException error = Compress("bytes: 100");

        Assert.Equal(ErrorCodes.BudgetTooSmall, error.Code);
        Assert.Contains("is 50 bytes, but its row→group map alone takes 600 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_budget_too_small_for_rank_one_is_reported_in_parameters()
    {
        // 50 values each; rank 1 in six groups of a 24-wide matrix stores 600 + 6 x 24 = 744 values.
        GroupReduceException error = Compress("parameters: 100");

        Assert.Equal(ErrorCodes.BudgetTooSmall, error.Code);
        Assert.Contains("the budget of 50 parameters is too small", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 744 parameters", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_budget_whose_share_is_nothing_is_reported_in_parameters()
    {
        GroupReduceException error = Compress("parameters: 1");

        Assert.Equal(ErrorCodes.BudgetTooSmall, error.Code);
        Assert.Contains("is 0 parameters (its share of 1 parameters)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bytes", error.Message, StringComparison.Ordinal);
    }
}
