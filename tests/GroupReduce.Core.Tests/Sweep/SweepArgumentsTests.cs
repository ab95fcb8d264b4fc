using GroupReduce.Abstractions;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Sweep;

namespace GroupReduce.Core.Tests.Sweep;

public sealed class SweepArgumentsTests
{
    [Fact]
    public void Rates_are_read_with_or_without_x_and_spaces()
    {
        IReadOnlyList<SweepBudget> rates = SweepArguments.ParseRates("2, 4x,6.6 ,10X,2e1");

        Assert.Equal([2, 4, 6.6, 10, 20], rates.Select(r => r.Value));
        Assert.All(rates, r => Assert.Equal(BudgetKind.Rate, r.Kind));
        Assert.Equal(["2x", "4x", "6.6x", "10x", "20x"], rates.Select(r => r.Label));
    }

    [Fact]
    public void Byte_budgets_take_the_specs_units()
    {
        IReadOnlyList<SweepBudget> bytes = SweepArguments.ParseBytes("150KB, 100000,1KiB");

        Assert.Equal([150_000d, 100_000d, 1024d], bytes.Select(b => b.Value));
        Assert.Equal(["150000B", "100000B", "1024B"], bytes.Select(b => b.Label));
    }

    [Theory]
    [InlineData("1,4", "--rates: '1' does not shrink the matrices; every rate must be above 1, e.g. --rates 2,4,6.6,10,20")]
    [InlineData("0.5x", "--rates: '0.5x' does not shrink the matrices; every rate must be above 1, e.g. --rates 2,4,6.6,10,20")]
    [InlineData("fast", "--rates: 'fast' is not a rate; write numbers above 1, optionally followed by x, e.g. --rates 2,4,6.6x")]
    [InlineData("", "--rates is empty; give a comma-separated list, e.g. --rates 2,4,6.6,10,20")]
    [InlineData("2,,4", "--rates '2,,4' has an empty item; separate the values with single commas, e.g. --rates 2,4,6.6,10,20")]
    [InlineData("4,4x", "--rates lists '4x' twice; list each value once")]
    public void A_bad_rate_list_names_the_option_and_the_fix(string text, string message)
    {
        var error = Assert.Throws<GroupReduceException>(() => SweepArguments.ParseRates(text));

        Assert.Equal(SweepErrorCodes.InvalidGrid, error.Code);
        Assert.Equal(message, error.Message);
        Assert.Null(error.Location);
    }

    [Fact]
    public void A_fractional_byte_count_is_refused_under_the_options_name()
    {
        var error = Assert.Throws<GroupReduceException>(() => SweepArguments.ParseBytes("1.5B"));

        Assert.Equal(SweepErrorCodes.InvalidGrid, error.Code);
        Assert.StartsWith("--bytes ", error.Message, StringComparison.Ordinal);
        Assert.Contains("1.5B", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Methods_are_the_specs_words_and_a_misspelt_one_gets_a_suggestion()
    {
        Assert.Equal(
            [CompressionMethod.GroupReduce, CompressionMethod.WeightedSvd, CompressionMethod.Prune, CompressionMethod.Quantize],
            SweepArguments.ParseMethods("groupreduce,weighted-svd,prune,quantize"));

        var error = Assert.Throws<GroupReduceException>(() => SweepArguments.ParseMethods("groupreduce,wieghted-svd"));
        Assert.Equal("--methods: unknown method 'wieghted-svd'; did you mean 'weighted-svd'? Valid methods: groupreduce, svd, weighted-svd, prune, quantize", error.Message);
    }

    [Fact]
    public void Quantizers_must_not_repeat()
    {
        Assert.Equal(["none", "int8", "int4"], SweepArguments.ParseQuantizers("none, int8,int4"));
        Assert.Equal("--quantizers lists 'int8' twice; list each value once", Assert.Throws<GroupReduceException>(() => SweepArguments.ParseQuantizers("int8,int8")).Message);
    }
}
