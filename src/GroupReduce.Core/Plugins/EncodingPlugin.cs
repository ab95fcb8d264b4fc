using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.Core.Plugins;

/// <summary>A quantizer a group may be stored with: the only one a spec names, or one of <c>quantizer: auto</c>'s encodings.</summary>
/// <param name="Label">Its name in reports (the encoding as the spec lists it, or the quantizer's name).</param>
/// <param name="Quantizer">The configured quantizer.</param>
/// <param name="Info">The plugin that made it, for errors and the manifest.</param>
internal sealed record EncodingPlugin(string Label, IQuantizer Quantizer, PluginComponentInfo Info)
{
    /// <summary>
    /// Encodes <paramref name="rows"/> x <paramref name="columns"/> values from <paramref name="offset"/>, and checks the answer:
    /// its shape, and its size against the quantizer's own <see cref="Abstractions.Partitioning.IStorageCost.TensorBytes"/>, which the budget was planned with.
    /// </summary>
    public QuantizedTensor Encode(float[] values, int offset, int rows, int columns, string what)
    {
        QuantizedTensor tensor = PluginGuard.Run(Info, $"quantizing {what}", () => Quantizer.Quantize(values.AsSpan(offset, rows * columns), rows, columns))
            ?? throw PluginGuard.BadResult(Info, $"quantizing {what}", "Quantize returned null");
        if (tensor.Rows != rows || tensor.Columns != columns)
        {
            throw PluginGuard.BadResult(Info, $"quantizing {what}", $"a {tensor.Rows} x {tensor.Columns} tensor for a {rows} x {columns} input");
        }

        long expected = Quantizer.TensorBytes(rows, columns);
        if (tensor.Bytes != expected)
        {
            throw PluginGuard.BadResult(Info, $"quantizing {what}", $"{tensor.Bytes} bytes where its TensorBytes promised {expected}");
        }

        return tensor;
    }
}
