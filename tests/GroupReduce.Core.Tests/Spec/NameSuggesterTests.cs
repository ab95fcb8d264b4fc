using GroupReduce.Core.Spec.Reading;

namespace GroupReduce.Core.Tests.Spec;

public sealed class NameSuggesterTests
{
    private static readonly string[] Keys = ["version", "model", "matrices", "frequencies", "budget", "groups", "partitioner", "solver"];

    [Theory]
    [InlineData("grups", "groups")]
    [InlineData("gorups", "groups")]
    [InlineData("Groups", "groups")]
    [InlineData("frequency", "frequencies")]
    [InlineData("partioner", "partitioner")]
    [InlineData("matrix", "matrices")]
    [InlineData("budgets", "budget")]
    [InlineData("a", null)]
    [InlineData("colour", null)]
    [InlineData("", null)]
    public void Suggests_only_close_names(string typed, string? expected) => Assert.Equal(expected, NameSuggester.Closest(typed, Keys));

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ab", "ba", 1)]
    [InlineData("grups", "groups", 1)]
    public void Distance_counts_edits_and_swaps(string a, string b, int expected)
    {
        Assert.Equal(expected, NameSuggester.Distance(a, b));
        Assert.Equal(expected, NameSuggester.Distance(b, a));
    }
}
