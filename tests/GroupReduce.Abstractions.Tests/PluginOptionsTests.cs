using GroupReduce.Abstractions.Options;

namespace GroupReduce.Abstractions.Tests;

public sealed class PluginOptionsTests
{
    private static readonly SourceLocation Block = new("spec.yaml", 10, 3);

    [Fact]
    public void Typed_getters_read_values_and_fall_back_to_defaults()
    {
        PluginOptions options = Options(("threads", "4"), ("tolerance", "1e-6"), ("exact", "true"), ("mode", "fast"));

        Assert.Equal(4, options.GetInt32("threads", 1, 1, 64));
        Assert.Equal(1e-6, options.GetDouble("tolerance", 1e-3, 0, 1));
        Assert.True(options.GetBoolean("exact", false));
        Assert.Equal("fast", options.GetString("mode", "slow", "fast", "slow"));
        Assert.Equal(7L, options.GetInt64("absent", 7));
        options.EnsureNoUnknownKeys();
    }

    [Theory]
    [InlineData("threads", "four", "'four' is not a whole number")]
    [InlineData("threads", "0", "0 is out of range; use a value from 1 to 64")]
    [InlineData("tolerance", "NaN", "is not a finite number")]
    [InlineData("exact", "yes", "'yes' is not true or false")]
    [InlineData("mode", "turbo", "use one of: fast, slow")]
    public void Bad_values_are_errors_at_the_value(string key, string value, string message)
    {
        PluginOptions options = Options((key, value));

        var error = Assert.Throws<GroupReduceException>(() =>
        {
            options.GetInt32("threads", 1, 1, 64);
            options.GetDouble("tolerance", 1e-3, 0, 1);
            options.GetBoolean("exact", false);
            options.GetString("mode", "slow", "fast", "slow");
        });

        Assert.Equal(ErrorCodes.InvalidOption, error.Code);
        Assert.Equal(new SourceLocation("spec.yaml", 11, 14), error.Location);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("of 'test'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_where_a_scalar_belongs_is_an_error()
    {
        var mapping = new OptionMapping([new OptionEntry("threads", new SourceLocation("spec.yaml", 11, 5), new OptionSequence([], new SourceLocation("spec.yaml", 11, 14)))], Block);

        var error = Assert.Throws<GroupReduceException>(() => new PluginOptions("test", mapping).GetInt32("threads", 1));

        Assert.Contains("expected a whole number, found a list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keys_are_errors_at_the_key_listing_the_known_ones()
    {
        PluginOptions options = Options(("threads", "2"), ("treads", "2"));
        options.GetInt32("threads", 1);

        var error = Assert.Throws<GroupReduceException>(options.EnsureNoUnknownKeys);

        Assert.Equal(ErrorCodes.UnknownOption, error.Code);
        Assert.Equal(new SourceLocation("spec.yaml", 12, 5), error.Location);
        Assert.Contains("'test' knows: threads", error.Message, StringComparison.Ordinal);
        Assert.Equal("spec.yaml(12,5): error GR1302: unknown option 'treads' for 'test'; 'test' knows: threads", error.ToDiagnosticString());
    }

    [Fact]
    public void A_plugin_without_options_says_so()
    {
        PluginOptions options = Options(("x", "1"));

        var error = Assert.Throws<GroupReduceException>(options.EnsureNoUnknownKeys);

        Assert.Contains("'test' takes no options", error.Message, StringComparison.Ordinal);
    }

    private static PluginOptions Options(params (string Key, string Value)[] entries) => new(
        "test",
        new OptionMapping(
            entries.Select((e, i) => new OptionEntry(e.Key, new SourceLocation("spec.yaml", 11 + i, 5), new OptionScalar(e.Value, new SourceLocation("spec.yaml", 11 + i, 14)))).ToList(),
            Block));
}
