using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;

namespace MyQuantizer;

/// <summary>
/// The <c>myquantizer</c> quantizer: uniform symmetric integers of <c>bits</c> bits (2 to 8, default 8), one float32 scale
/// per row. A spec selects it with <c>quantizer: myquantizer</c>, or with options:
/// <c>quantizer: {name: myquantizer, options: {bits: 4}}</c>.
/// </summary>
public sealed class QuantizerFactory : IQuantizerFactory
{
    /// <summary>The smallest bit width: one sign bit and one magnitude bit.</summary>
    public const int MinimumBits = 2;

    /// <summary>The largest bit width the artifact format stores for integers.</summary>
    public const int MaximumBits = 8;

    // Name and Description stay string constants: the host reads them from the dll's metadata, without running
    // any of this plugin's code, and creates the factory only when a spec names it.
    /// <inheritdoc />
    public string Name => "myquantizer";

    /// <inheritdoc />
    public string Description => "Uniform symmetric N-bit integers with one float32 scale per row (bits: 2 to 8, default 8).";

    /// <inheritdoc />
    public IQuantizer Create(PluginOptions options, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);

        // PluginOptions reports a bad value or an unknown key at its line in the spec.
        int bits = options.GetInt32("bits", MaximumBits, MinimumBits, MaximumBits);
        options.EnsureNoUnknownKeys();
        return new UniformQuantizer(bits);
    }
}
