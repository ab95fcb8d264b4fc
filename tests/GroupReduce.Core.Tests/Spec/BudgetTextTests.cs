using GroupReduce.Abstractions;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Spec.Reading;

namespace GroupReduce.Core.Tests.Spec;

public sealed class BudgetTextTests
{
    private static readonly SourceLocation Here = new("groupreduce.yaml", 4, 9);

    [Theory]
    [InlineData("6.6x", 6.6)]
    [InlineData("6.6", 6.6)]
    [InlineData("26", 26.0)]
    [InlineData("26X", 26.0)]
    [InlineData("12.8 x", 12.8)]
    [InlineData("1.0001x", 1.0001)]
    [InlineData(".5e1x", 5.0)]
    [InlineData(" 4x ", 4.0)]
    public void Rates(string text, double expected) => Assert.Equal(expected, BudgetText.ParseRate(text, Here));

    [Theory]
    [InlineData("4096", 4096.0)]
    [InlineData("512B", 512.0)]
    [InlineData("12kB", 12e3)]
    [InlineData("12KB", 12e3)]
    [InlineData("12MB", 12e6)]
    [InlineData("1.5MB", 1.5e6)]
    [InlineData("2GB", 2e9)]
    [InlineData("3 KiB", 3072.0)]
    [InlineData("1.5MiB", 1572864.0)]
    [InlineData("2GiB", 2147483648.0)]
    [InlineData("1e6", 1e6)]
    [InlineData("9007199254740992", 9007199254740992.0)]
    public void Byte_sizes(string text, double expected) => Assert.Equal(expected, BudgetText.ParseBytes(text, Here));

    [Theory]
    [InlineData("250000", 250000.0)]
    [InlineData("800K", 800e3)]
    [InlineData("800k", 800e3)]
    [InlineData("1.5M", 1.5e6)]
    [InlineData("1.234567M", 1234567.0)]
    [InlineData("2G", 2e9)]
    public void Parameter_counts(string text, double expected) => Assert.Equal(expected, BudgetText.ParseParameters(text, Here));

    [Theory]
    [InlineData("x", SpecErrorCodes.InvalidBudget)]
    [InlineData("6.6xx", SpecErrorCodes.InvalidBudget)]
    [InlineData("1,5x", SpecErrorCodes.InvalidBudget)]
    [InlineData("inf", SpecErrorCodes.InvalidBudget)]
    [InlineData("1x", SpecErrorCodes.OutOfRange)]
    [InlineData("-3x", SpecErrorCodes.OutOfRange)]
    [InlineData("1e400", SpecErrorCodes.OutOfRange)]
    public void Bad_rates(string text, string code) => AssertFails(() => BudgetText.ParseRate(text, Here), code);

    [Theory]
    [InlineData("MB", SpecErrorCodes.InvalidBudget)]
    [InlineData("12 M B", SpecErrorCodes.InvalidBudget)]
    [InlineData("12Mb", SpecErrorCodes.InvalidBudget)]
    [InlineData("12TB", SpecErrorCodes.InvalidBudget)]
    [InlineData("0.5", SpecErrorCodes.InvalidBudget)]
    [InlineData("1.0000001kB", SpecErrorCodes.InvalidBudget)]
    [InlineData("0KB", SpecErrorCodes.OutOfRange)]
    [InlineData("1e-9", SpecErrorCodes.InvalidBudget)]
    [InlineData("-5", SpecErrorCodes.OutOfRange)]
    [InlineData("9007199254740993", SpecErrorCodes.OutOfRange)]
    public void Bad_byte_sizes(string text, string code) => AssertFails(() => BudgetText.ParseBytes(text, Here), code);

    [Theory]
    [InlineData("1.2345678M", SpecErrorCodes.InvalidBudget)]
    [InlineData("10B", SpecErrorCodes.InvalidBudget)]
    [InlineData("-1M", SpecErrorCodes.OutOfRange)]
    public void Bad_parameter_counts(string text, string code) => AssertFails(() => BudgetText.ParseParameters(text, Here), code);

    [Fact]
    public void Unit_in_the_wrong_case_suggests_the_right_one()
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => BudgetText.ParseBytes("3gib", Here));

        Assert.Contains("did you mean 'GiB'?", error.Message, StringComparison.Ordinal);
    }

    private static void AssertFails(Func<double> parse, string code)
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => parse());
        Assert.Equal((code, Here), (error.Code, error.Location));
    }
}
