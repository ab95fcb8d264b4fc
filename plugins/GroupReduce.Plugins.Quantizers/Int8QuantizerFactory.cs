using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.Plugins.Quantizers;

/// <summary>
/// The <c>int8</c> quantizer: symmetric 8-bit integers in <c>[−127, 127]</c> with one scale
/// (<c>max|x| / 127</c>, rounded up to the scale type) per block of columns.
/// Options: <c>block</c> — <c>row</c> (default: one scale per row) or a number of columns per scale
/// (1 to 65536; wider than a row means one block per row); <c>scale</c> — <c>f32</c> or <c>f16</c>,
/// defaulting to <c>f32</c> for <c>block: row</c> (a few bytes per row) and <c>f16</c> for column blocks
/// (where scales are a visible share of the size).
/// </summary>
public sealed class Int8QuantizerFactory : IQuantizerFactory
{
    /// <inheritdoc />
    public string Name => "int8";

    /// <inheritdoc />
    public string Description => "Symmetric 8-bit integers with one scale per row or per block of columns (block, scale: f16 | f32).";

    /// <inheritdoc />
    public IQuantizer Create(PluginOptions options, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        int? block = IntegerOptions.ReadBlock(options, null);
        ScaleType scale = IntegerOptions.ReadScale(options, block is null ? ScaleType.Float32 : ScaleType.Float16);
        options.EnsureNoUnknownKeys();
        return new IntegerQuantizer(Name, 8, block, scale, context.MaxDegreeOfParallelism);
    }
}
