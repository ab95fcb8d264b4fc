using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Testing.Plugins;

namespace GroupReduce.Plugins.Frequency.Tests;

/// <summary>Creates the frequency partitioner with options written as in a spec.</summary>
internal static class Partitioners
{
    public static IPartitioner Create(params (string Key, string Value)[] entries) =>
        new FrequencyPartitionerFactory().Create(SpecOptions.Of("frequency", entries), SpecOptions.Context());

    /// <summary>The partitioner with the paper's rule (<c>allocation: frequency</c>) unless the options name an allocation: it needs no spectra.</summary>
    public static IPartitioner Rule(params (string Key, string Value)[] entries) =>
        Create(entries.Any(e => e.Key == "allocation") ? entries : [("allocation", "frequency"), .. entries]);
}
