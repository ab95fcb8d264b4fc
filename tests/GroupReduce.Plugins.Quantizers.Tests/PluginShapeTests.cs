using System.Reflection;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Testing.Plugins;

namespace GroupReduce.Plugins.Quantizers.Tests;

public class PluginShapeTests
{
    [Fact]
    public void The_assembly_declares_the_current_contract()
    {
        GroupReducePluginAttribute? marker = typeof(FloatQuantizerFactory).Assembly.GetCustomAttribute<GroupReducePluginAttribute>();

        Assert.NotNull(marker);
        Assert.True(PluginContract.IsCompatible(marker.ContractMajor, marker.ContractMinor));
    }

    [Fact]
    public void Components_are_discoverable_with_distinct_lower_case_names()
    {
        IQuantizerFactory[] factories = typeof(FloatQuantizerFactory).Assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IQuantizerFactory).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IQuantizerFactory)Activator.CreateInstance(t)!)
            .ToArray();

        Assert.Equal(["codebook", "float", "int4", "int8"], factories.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(factories, f => Assert.Equal(f.Name.ToLowerInvariant(), f.Name));
        Assert.All(factories, f => Assert.False(string.IsNullOrWhiteSpace(f.Description)));
    }

    [Fact]
    public void Empty_option_blocks_use_the_defaults()
    {
        foreach (IQuantizerFactory factory in new IQuantizerFactory[] { new FloatQuantizerFactory(), new Int8QuantizerFactory(), new Int4QuantizerFactory(), new CodebookQuantizerFactory() })
        {
            var options = GroupReduce.Abstractions.Options.PluginOptions.Empty(factory.Name, new SourceLocation("s.yaml", 3, 5));
            Assert.NotNull(factory.Create(options, SpecOptions.Context()).Describe());
        }
    }
}
