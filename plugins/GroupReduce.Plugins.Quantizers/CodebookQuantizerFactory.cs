using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.Plugins.Quantizers;

/// <summary>
/// The <c>codebook</c> quantizer: per tensor, <c>2^bits</c> float32 centroids fitted by k-means
/// (k-means++ seeding, then Lloyd iterations) on a sample of the values; each value is stored as the
/// index of its nearest centroid. Options: <c>bits</c> (1 to 8, default 4), <c>iterations</c>
/// (0 to 10000, default 20), <c>sample</c> (values used to fit, 1 to 16777216, default 1000000; a
/// tensor with fewer values uses all of them), <c>seed</c> (default 0).
/// </summary>
public sealed class CodebookQuantizerFactory : IQuantizerFactory
{
    private const int MaximumSample = 1 << 24;

    /// <inheritdoc />
    public string Name => "codebook";

    /// <inheritdoc />
    public string Description => "k-means scalar codebook per tensor: 2^bits float32 centroids, values stored as bit-packed indices (bits, iterations, sample, seed).";

    /// <inheritdoc />
    public IQuantizer Create(PluginOptions options, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        int bits = options.GetInt32("bits", 4, 1, 8);
        int iterations = options.GetInt32("iterations", 20, 0, 10000);
        int sample = options.GetInt32("sample", 1_000_000, 1, MaximumSample);
        long seed = options.GetInt64("seed", 0);
        options.EnsureNoUnknownKeys();
        return new CodebookQuantizer(bits, iterations, sample, seed, context.MaxDegreeOfParallelism);
    }
}
