using GroupReduce.Abstractions;
using GroupReduce.Core.Sweep;
using GroupReduce.Core.Tuning;
using Xunit;

namespace GroupReduce.Core.Tests.Tuning;

public sealed class TunePlanTests
{
    [Fact]
    public void An_axis_reads_a_key_path_and_yaml_values()
    {
        TuneAxis axis = TuneAxis.Parse("partitioner.options.allocation = frequency, uniform,'spectrum'");

        Assert.Equal("partitioner.options.allocation", axis.Path);
        Assert.Equal(["partitioner", "options", "allocation"], axis.Keys);
        Assert.Equal(["frequency", "uniform", "'spectrum'"], axis.Values);
    }

    [Theory]
    [InlineData("groups", "has no '='")]
    [InlineData("=5,10", "is not a key path")]
    [InlineData("refinement..iterations=3", "is not a key path")]
    [InlineData("groups=5,,10", "has an empty value")]
    [InlineData("groups=5,'5'", "lists '5' twice")]
    [InlineData("groups=[5", "is not one YAML value")]
    [InlineData("groups=a: b", "is not one YAML value")]
    [InlineData("budget.rate=4,8", "one fixed budget")]
    public void A_bad_axis_is_GR1240_naming_the_fix(string text, string message)
    {
        var ex = Assert.Throws<GroupReduceException>(() => TuneAxis.Parse(text));

        Assert.Equal(TuneErrorCodes.InvalidAxis, ex.Code);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_trials_are_the_product_with_the_first_axis_slowest()
    {
        TunePlan plan = TunePlan.Create([TuneAxis.Parse("groups=5,10"), TuneAxis.Parse("quantizer=float,int8,int4")]);

        Assert.Equal(
            ["groups=5 quantizer=float", "groups=5 quantizer=int8", "groups=5 quantizer=int4", "groups=10 quantizer=float", "groups=10 quantizer=int8", "groups=10 quantizer=int4"],
            plan.Trials.Select(t => t.Label));
        Assert.Equal([1, 2, 3, 4, 5, 6], plan.Trials.Select(t => t.Number));
    }

    [Fact]
    public void More_trials_than_the_limit_are_refused_before_any_runs()
    {
        var ex = Assert.Throws<GroupReduceException>(() => TunePlan.Create([TuneAxis.Parse("groups=1,2,3,4,5"), TuneAxis.Parse("refinement.iterations=1,2,3")], maxTrials: 10));

        Assert.Equal(TuneErrorCodes.TooManyTrials, ex.Code);
        Assert.Contains("5 (groups) × 3 (refinement.iterations) = 15 trials, over --max-trials 10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_given_twice_or_no_axis_is_refused()
    {
        Assert.Equal(TuneErrorCodes.InvalidAxis, Assert.Throws<GroupReduceException>(() => TunePlan.Create([TuneAxis.Parse("groups=5"), TuneAxis.Parse("groups=10")])).Code);
        Assert.Equal(TuneErrorCodes.TooManyTrials, Assert.Throws<GroupReduceException>(() => TunePlan.Create([])).Code);
    }

    [Fact]
    public void The_best_trial_is_the_lowest_perplexity_then_fewer_bytes_then_the_earlier()
    {
        TuneTrialResult[] trials =
        [
            Trial(1, bytes: 900, error: 0.10, perplexity: 120),
            Trial(2, bytes: 800, error: 0.20, perplexity: 110),
            Trial(3, bytes: 700, error: 0.30, perplexity: 110),
            Trial(4, bytes: 700, error: 0.05, perplexity: 110),
            new() { Number = 5, Settings = [], Status = SweepCellStatus.Infeasible, Seconds = 0 },
        ];

        Assert.Equal(3, TuneRanking.Best(trials, byPerplexity: true)!.Number);
        Assert.Equal(4, TuneRanking.Best(trials, byPerplexity: false)!.Number);
        Assert.Null(TuneRanking.Best(trials.Skip(4), byPerplexity: true));
    }

    [Fact]
    public void A_nan_value_ranks_last()
    {
        Assert.Equal(2, TuneRanking.Best([Trial(1, 10, double.NaN, double.NaN), Trial(2, 99, 0.9, 500)], byPerplexity: true)!.Number);
    }

    private static TuneTrialResult Trial(int number, long bytes, double error, double perplexity) => new()
    {
        Number = number,
        Settings = [new TuneSetting("groups", number.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        Status = SweepCellStatus.Done,
        Bytes = bytes,
        WeightedRelativeError = error,
        Perplexity = perplexity,
        Seconds = 1,
    };
}
