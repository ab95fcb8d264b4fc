using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.TestPlugins.Tripwire;

/// <summary>
/// A harmless neighbour of the tripwire in the same assembly: naming it loads the assembly, which must still not
/// construct the tripwire. Its description is computed, so discovery cannot show it.
/// </summary>
public sealed class QuietQuantizerFactory : IQuantizerFactory
{
    public string Name
    {
        get { return "quiet"; }
    }

    public string Description => $"does nothing on {Environment.ProcessorCount} cores (test plugin)";

    public IQuantizer Create(PluginOptions options, PluginContext context) => throw new NotSupportedException("the quiet quantizer only exists");
}
