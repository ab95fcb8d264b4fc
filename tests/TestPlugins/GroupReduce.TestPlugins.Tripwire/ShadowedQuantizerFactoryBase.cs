using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.TestPlugins.Tripwire;

/// <summary>The base whose non-virtual Name the interface dispatches to.</summary>
public abstract class ShadowedQuantizerFactoryBase : IQuantizerFactory
{
    public string Name => "shadowed-base";

    public string Description => "hides its base's name (test plugin)";

    public IQuantizer Create(PluginOptions options, PluginContext context) => throw new NotSupportedException("never created");
}
