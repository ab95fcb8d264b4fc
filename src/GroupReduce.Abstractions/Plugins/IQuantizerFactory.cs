using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.Abstractions.Plugins;

/// <summary>A plugin component that creates quantizers for the stored factors.</summary>
public interface IQuantizerFactory : IPluginComponent
{
    /// <summary>Validates the spec's option block and creates a configured quantizer.</summary>
    /// <param name="options">The plugin's options; throw through <see cref="PluginOptions.Invalid"/> to point at a bad value.</param>
    /// <param name="context">Logging and threading.</param>
    /// <returns>The quantizer.</returns>
    IQuantizer Create(PluginOptions options, PluginContext context);
}
