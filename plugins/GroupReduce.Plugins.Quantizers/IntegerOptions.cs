using System.Globalization;
using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.Plugins.Quantizers;

/// <summary>Reads the options the symmetric integer quantizers share: <c>block</c> and <c>scale</c>.</summary>
internal static class IntegerOptions
{
    public const int MaximumBlock = 65536;

    /// <summary>Reads <c>block</c>: <c>row</c> (returned as <see langword="null"/>) or a column count.</summary>
    public static int? ReadBlock(PluginOptions options, int? defaultBlock)
    {
        if (options.GetEntry("block") is not { } entry)
        {
            return defaultBlock;
        }

        if (entry.Value is not OptionScalar scalar)
        {
            throw options.Invalid("block", entry.Value, $"expected 'row' or a number of columns, found {entry.Value.KindName}");
        }

        if (scalar.Value == "row")
        {
            return null;
        }

        if (!int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int block))
        {
            throw options.Invalid("block", scalar, $"'{scalar.Value}' is not valid; use 'row' (one scale per row) or a number of columns per scale, e.g. 32");
        }

        if (block < 1 || block > MaximumBlock)
        {
            throw options.Invalid("block", scalar, $"{block} is out of range; use 'row' or a value from 1 to {MaximumBlock}");
        }

        return block;
    }

    /// <summary>Reads <c>scale</c>: <c>f16</c> or <c>f32</c>.</summary>
    public static ScaleType ReadScale(PluginOptions options, ScaleType defaultScale)
    {
        string scale = options.GetString("scale", defaultScale == ScaleType.Float16 ? "f16" : "f32", "f16", "f32");
        return scale == "f16" ? ScaleType.Float16 : ScaleType.Float32;
    }
}
