using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.TestPlugins.Tripwire;

/// <summary>A quantizer whose name is computed: discovery cannot read it without running it, so it is refused (GR3010).</summary>
public sealed class ComputedNameQuantizerFactory : IQuantizerFactory
{
    public ComputedNameQuantizerFactory() => Marker.Write("computed constructor");

    public string Name => Environment.GetEnvironmentVariable("GROUPREDUCE_TEST_NAME") ?? "computed";

    public string Description => "names itself at run time (test plugin)";

    public IQuantizer Create(PluginOptions options, PluginContext context) => throw new NotSupportedException("never created");
}
