using System.Reflection;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Testing.Plugins;

namespace GroupReduce.Plugins.Frequency.Tests;

public class OptionTests
{
    [Theory]
    [InlineData("split", "equal", "'equal' is not valid; use one of: rows, mass")]
    [InlineData("allocation", "svd", "'svd' is not valid; use one of: frequency, uniform, spectrum")]
    [InlineData("power", "-0.5", "-0.5 is out of range; use a value from 0 to 4")]
    [InlineData("power", "half", "'half' is not a finite number")]
    [InlineData("min_rank", "0", "0 is out of range; use a value from 1 to 65536")]
    [InlineData("min_rank", "two", "'two' is not a whole number")]
    public void Bad_values_point_at_the_value(string key, string value, string expected)
    {
        (string Key, string Value)[] valid = [("split", "rows"), ("allocation", "frequency"), ("min_rank", "1"), ("power", "1")];
        (string Key, string Value)[] entries = [.. valid.Where(e => e.Key != key), (key, value)];

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Partitioners.Create(entries));

        Assert.Equal(ErrorCodes.InvalidOption, error.Code);
        Assert.Equal(SpecOptions.ValueAt(3, key), error.Location);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("'frequency'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spectrum")]
    [InlineData("uniform")]
    public void A_power_the_allocation_would_ignore_is_an_error_at_the_power(string allocation)
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Partitioners.Create(("allocation", allocation), ("power", "0.5")));

        Assert.Equal(ErrorCodes.InvalidOption, error.Code);
        Assert.Equal(SpecOptions.ValueAt(1, "power"), error.Location);
        Assert.Contains("shapes 'allocation: frequency' only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_points_at_the_key_and_lists_the_known_ones()
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Partitioners.Create(("split", "mass"), ("groups", "8")));

        Assert.Equal(ErrorCodes.UnknownOption, error.Code);
        Assert.Equal(SpecOptions.KeyAt(1), error.Location);
        Assert.Contains("allocation, min_rank, power, split", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_assembly_is_a_discoverable_plugin()
    {
        Assembly assembly = typeof(FrequencyPartitionerFactory).Assembly;
        GroupReducePluginAttribute? marker = assembly.GetCustomAttribute<GroupReducePluginAttribute>();
        Type[] components = assembly.GetExportedTypes().Where(t => typeof(IPartitionerFactory).IsAssignableFrom(t)).ToArray();

        Assert.NotNull(marker);
        Assert.True(PluginContract.IsCompatible(marker.ContractMajor, marker.ContractMinor));
        Type component = Assert.Single(components);
        var factory = (IPartitionerFactory)Activator.CreateInstance(component)!;
        Assert.Equal("frequency", factory.Name);
        Assert.False(string.IsNullOrWhiteSpace(factory.Description));
    }
}
