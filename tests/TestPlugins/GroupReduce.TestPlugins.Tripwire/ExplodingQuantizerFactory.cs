using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.TestPlugins.Tripwire;

/// <summary>A quantizer whose static constructor throws: naming it must fail cleanly (GR3005), and only then.</summary>
public sealed class ExplodingQuantizerFactory : IQuantizerFactory
{
    static ExplodingQuantizerFactory()
    {
        Marker.Write("exploding static constructor");
        throw new InvalidOperationException("the exploding plugin's static constructor always throws");
    }

    public string Name => "exploding";

    public string Description => "throws from its static constructor (test plugin)";

    public IQuantizer Create(PluginOptions options, PluginContext context) => throw new NotSupportedException("never created");
}
