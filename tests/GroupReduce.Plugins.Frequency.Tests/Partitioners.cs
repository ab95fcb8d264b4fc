using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Testing.Plugins;

namespace GroupReduce.Plugins.Frequency.Tests;

/// <summary>Creates the frequency partitioner with options written as in a spec.</summary>
internal static class Partitioners
{
    public static IPartitioner Create(params (string Key, string Value)[] entries) =>
        new FrequencyPartitionerFactory().Create(SpecOptions.Of("frequency", entries), SpecOptions.Context());
}
