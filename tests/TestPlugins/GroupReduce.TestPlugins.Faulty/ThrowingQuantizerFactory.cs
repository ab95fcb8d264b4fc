using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.TestPlugins.Faulty;

/// <summary>A quantizer whose Quantize throws an ordinary exception.</summary>
public sealed class ThrowingQuantizerFactory : IQuantizerFactory
{
    public string Name => "throwing";

    public string Description => "throws while quantizing (test plugin)";

    public IQuantizer Create(PluginOptions options, PluginContext context) => new Quantizer();

    private sealed class Quantizer : IQuantizer
    {
        public string Describe() => "throwing";

        public long TensorBytes(long rows, int columns) => rows * columns * 4;

        public QuantizedTensor Quantize(ReadOnlySpan<float> values, int rows, int columns) =>
            throw new InvalidOperationException("the test quantizer always fails");
    }
}
