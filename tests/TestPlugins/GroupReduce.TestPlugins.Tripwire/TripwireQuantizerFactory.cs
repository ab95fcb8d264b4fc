using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.TestPlugins.Tripwire;

/// <summary>A quantizer whose static and instance constructors leave a marker: the host may run them only when a spec names it.</summary>
public sealed class TripwireQuantizerFactory : IQuantizerFactory
{
    static TripwireQuantizerFactory() => Marker.Write("static constructor");

    public TripwireQuantizerFactory() => Marker.Write("constructor");

    public string Name => "tripwire";

    public string Description => "leaves a marker when constructed (test plugin)";

    public IQuantizer Create(PluginOptions options, PluginContext context) => throw new NotSupportedException("the tripwire only marks construction");
}
