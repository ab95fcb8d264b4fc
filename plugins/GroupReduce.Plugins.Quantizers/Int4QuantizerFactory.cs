using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.Plugins.Quantizers;

/// <summary>
/// The <c>int4</c> quantizer: symmetric 4-bit integers in <c>[−7, 7]</c>, two per byte, with one scale
/// (<c>max|x| / 7</c>, rounded up to the scale type) per block of columns.
/// Options: <c>block</c> — a number of columns per scale (default 32; 1 to 65536) or <c>row</c>;
/// <c>scale</c> — <c>f16</c> (default) or <c>f32</c>.
/// </summary>
public sealed class Int4QuantizerFactory : IQuantizerFactory
{
    private const int DefaultBlock = 32;

    /// <inheritdoc />
    public string Name => "int4";

    /// <inheritdoc />
    public string Description => "Symmetric 4-bit integers with one scale per block of columns (block, default 32; scale: f16 | f32).";

    /// <inheritdoc />
    public IQuantizer Create(PluginOptions options, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        int? block = IntegerOptions.ReadBlock(options, DefaultBlock);
        ScaleType scale = IntegerOptions.ReadScale(options, ScaleType.Float16);
        options.EnsureNoUnknownKeys();
        return new IntegerQuantizer(Name, 4, block, scale, context.MaxDegreeOfParallelism);
    }
}
