using GroupReduce.Core.Spec;
using static GroupReduce.Core.Tests.Spec.SpecText;

namespace GroupReduce.Core.Tests.Spec;

/// <summary><c>budget: { target: … }</c>: a quality to keep instead of a size.</summary>
public sealed class QualityTargetSpecTests
{
    private static readonly string[] Head = ["version: 1", "matrices: [emb]", "frequencies: { source: uniform }"];

    [Fact]
    public void A_perplexity_target_reads_its_limit_data_and_bounds()
    {
        CompressionSpec spec = Parse(Lines([.. Head, "budget:", "  target:", "    perplexity_increase: 2.5%", "    tokens: valid.txt", "    max_sentences: 500", "    max_rate: 40x", "    trials: 6"]));

        Assert.Equal(BudgetKind.Target, spec.Budget.Kind);
        QualityTargetSpec target = spec.Budget.Target!;
        Assert.Equal(QualityMeasure.PerplexityIncrease, target.Measure.Value);
        Assert.Equal(0.025, target.Limit.Value, 12);
        Assert.Equal(Path.Combine(SpecFolder, "valid.txt"), target.Tokens!.Value);
        Assert.Equal(500, target.MaxSentences!.Value);
        Assert.Equal(40, target.MaxRate.Value);
        Assert.Equal(6, target.Trials.Value);
        Assert.Equal(6, target.Limit.Location.Line);
    }

    [Fact]
    public void A_weighted_error_target_needs_no_data_and_takes_defaults()
    {
        CompressionSpec spec = Parse(Lines([.. Head, "budget: { target: { weighted_error: 0.08 } }"]));

        QualityTargetSpec target = spec.Budget.Target!;
        Assert.Equal(QualityMeasure.WeightedError, target.Measure.Value);
        Assert.Equal(0.08, target.Limit.Value, 12);
        Assert.Equal(64, target.MaxRate.Value);
        Assert.Equal(8, target.Trials.Value);
        Assert.Null(target.Tokens);
    }

    [Fact]
    public void Calibration_data_can_measure_a_perplexity_target()
    {
        QualityTargetSpec target = Parse(Lines([.. Head, "budget: { target: { perplexity_increase: 1%, hidden: h.npy, next: y.npy, softmax: lm_head.weight } }"])).Budget.Target!;

        Assert.Equal(Path.Combine(SpecFolder, "h.npy"), target.Hidden!.Value);
        Assert.Equal(Path.Combine(SpecFolder, "y.npy"), target.Next!.Value);
        Assert.Equal("lm_head.weight", target.Softmax!.Value);
    }

    [Theory]
    [InlineData("budget: { target: {} }", 4, 11, "names no quality to keep")]
    [InlineData("budget: { target: { perplexity_increase: 2% } }", 4, 21, "needs data to measure perplexity on")]
    [InlineData("budget: { target: { weighted_error: 5%, perplexity_increase: 2%, tokens: t.txt } }", 4, 41, "keep one")]
    [InlineData("budget: { target: { perplexity_increase: 2%, hidden: h.npy } }", 4, 54, "'hidden' without 'next'")]
    [InlineData("budget: { target: { perplexity_increase: 2%, tokens: t.txt, hidden: h.npy, next: y.npy } }", 4, 69, "both 'tokens' and 'hidden'")]
    public void Targets_that_cannot_be_searched_are_refused_at_their_place(string line, int row, int column, string message) =>
        Fails(Lines([.. Head, line]), SpecErrorCodes.InvalidTarget, row, column, message);

    [Theory]
    [InlineData("budget: { target: { weighted_error: 5 } }", SpecErrorCodes.OutOfRange, "write a percentage with its sign (e.g. 5%)")]
    [InlineData("budget: { target: { weighted_error: 0% } }", SpecErrorCodes.OutOfRange, "must be greater than 0")]
    [InlineData("budget: { target: { weighted_error: lots } }", SpecErrorCodes.InvalidNumber, "a percentage such as 2%")]
    [InlineData("budget: { target: { weighted_error: 5%, trials: 1 } }", SpecErrorCodes.OutOfRange, "from 2 to 64")]
    [InlineData("budget: { target: { weighted_error: 5%, max_rate: 0.5x } }", SpecErrorCodes.OutOfRange, "'budget.target.max_rate' is 0.5x, which does not shrink the matrices")]
    [InlineData("budget: { rate: 4x, target: { weighted_error: 5% } }", SpecErrorCodes.ConflictingBudgets, "keep exactly one of rate, bytes, parameters, target")]
    public void Bad_target_values_name_the_key_and_the_fix(string line, string code, string message)
    {
        GroupReduce.Abstractions.GroupReduceException error = Assert.Throws<GroupReduce.Abstractions.GroupReduceException>(() => Parse(Lines([.. Head, line])));
        Assert.Equal(code, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Location!.Value.Line);
    }
}
