using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.TestPlugins.Faulty;

/// <summary>A quantizer that promises 2 bytes per value and delivers float32 (4 bytes per value).</summary>
public sealed class LyingQuantizerFactory : IQuantizerFactory
{
    public string Name => "lying";

    public string Description => "stores more bytes than it promised (test plugin)";

    public IQuantizer Create(PluginOptions options, PluginContext context) => new Quantizer();

    private sealed class Quantizer : IQuantizer
    {
        public string Describe() => "lying";

        public long TensorBytes(long rows, int columns) => rows * columns * 2;

        public QuantizedTensor Quantize(ReadOnlySpan<float> values, int rows, int columns)
        {
            var data = new byte[values.Length * 4];
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).CopyTo(data);
            return QuantizedTensor.CreateFloat(QuantizationScheme.Float32, rows, columns, data);
        }
    }
}
