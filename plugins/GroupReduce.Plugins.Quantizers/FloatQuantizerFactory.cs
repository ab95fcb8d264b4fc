using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.Plugins.Quantizers;

/// <summary>
/// The <c>float</c> quantizer: stores factors as float32, float16 or bfloat16 (round to nearest even).
/// Option <c>dtype</c>: <c>f32</c> (default), <c>f16</c> or <c>bf16</c>.
/// </summary>
public sealed class FloatQuantizerFactory : IQuantizerFactory
{
    /// <inheritdoc />
    public string Name => "float";

    /// <inheritdoc />
    public string Description => "Stores factors as float32, float16 or bfloat16 (dtype: f32 | f16 | bf16).";

    /// <inheritdoc />
    public IQuantizer Create(PluginOptions options, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        string dtype = options.GetString("dtype", "f32", "f32", "f16", "bf16");
        options.EnsureNoUnknownKeys();
        QuantizationScheme scheme = dtype switch
        {
            "f16" => QuantizationScheme.Float16,
            "bf16" => QuantizationScheme.BFloat16,
            _ => QuantizationScheme.Float32,
        };
        return new FloatQuantizer(scheme, context.MaxDegreeOfParallelism);
    }
}
