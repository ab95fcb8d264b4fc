using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.TestPlugins.FutureContract;

/// <summary>A quantizer the host must never load.</summary>
public sealed class FutureQuantizerFactory : IQuantizerFactory
{
    public string Name => "future";

    public string Description => "built against a future contract (test plugin)";

    public IQuantizer Create(PluginOptions options, PluginContext context) => throw new InvalidOperationException("must not be loaded");
}
