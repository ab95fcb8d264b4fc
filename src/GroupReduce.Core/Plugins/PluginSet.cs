using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Plugins;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Spec.Reading;

namespace GroupReduce.Core.Plugins;

/// <summary>
/// The partitioner, solver and quantizer a spec names, created and configured with their options; for
/// <c>quantizer: auto</c>, every listed encoding's quantizer, of which the partitioner chooses one per group.
/// </summary>
internal sealed class PluginSet : IDisposable
{
    private PluginSet(
        (IPartitioner Instance, PluginComponentInfo Info) partitioner,
        (ISolver Instance, PluginComponentInfo Info) solver,
        IReadOnlyList<EncodingPlugin> encodings,
        double? noiseWeight)
    {
        Partitioner = partitioner.Instance;
        PartitionerInfo = partitioner.Info;
        Solver = solver.Instance;
        SolverInfo = solver.Info;
        Encodings = encodings;
        NoiseWeight = noiseWeight ?? 1;
        ChoosesEncodings = noiseWeight is not null;
    }

    public IPartitioner Partitioner { get; }

    public PluginComponentInfo PartitionerInfo { get; }

    public ISolver Solver { get; }

    public PluginComponentInfo SolverInfo { get; }

    /// <summary>The quantizers a group may be stored with, indexed by <see cref="GroupRank.Encoding"/>: one, unless <c>quantizer: auto</c>.</summary>
    public IReadOnlyList<EncodingPlugin> Encodings { get; }

    /// <summary>Whether the spec says <c>quantizer: auto</c>, so the partitioner chooses each group's encoding.</summary>
    public bool ChoosesEncodings { get; }

    /// <summary>Under <c>quantizer: auto</c>, what the measured encoding error counts for against truncation error (<c>noise_weight</c>); 1 otherwise.</summary>
    public double NoiseWeight { get; }

    /// <summary>The quantizer of encoding 0: the only one, or the first of <c>auto</c>'s (what a whole-matrix method would use).</summary>
    public IQuantizer Quantizer => Encodings[0].Quantizer;

    public PluginComponentInfo QuantizerInfo => Encodings[0].Info;

    public IEnumerable<PluginComponentInfo> All => [PartitionerInfo, SolverInfo, .. Encodings.Select(e => e.Info).Distinct()];

    /// <summary>The quantization for reports and the manifest: the quantizer's own words, or every encoding's for <c>auto</c>.</summary>
    public string DescribeQuantization() => ChoosesEncodings
        ? FormattableString.Invariant($"auto (noise_weight {NoiseWeight:G}), chosen per group with its rank: ") + string.Join("; ", Encodings.Select(e => $"{e.Label} = {e.Quantizer.Describe()}"))
        : Quantizer.Describe();

    public static PluginSet Create(PluginHost host, CompressionSpec spec, IRunObserver observer, int threads)
    {
        AutoQuantizerReader.CheckFits(spec);
        var partitioner = Configure<IPartitionerFactory, IPartitioner>(host, spec.Partitioner, observer, threads, (f, o, c) => f.Create(o, c));
        List<EncodingPlugin> encodings = spec.Auto is { } auto
            ? [.. auto.Encodings.Select(e => Encoding(host, e.Label, e.Plugin, observer, threads))]
            : [Encoding(host, spec.Quantizer.Name.Value, spec.Quantizer, observer, threads)];
        if (spec.Auto is not null && partitioner.Item1 is not ISpectrumPartitioner { UsesSpectra: true, ChoosesEncodings: true })
        {
            throw new GroupReduceException(
                ErrorCodes.EncodingsNotChosen,
                $"'quantizer: auto' needs a partitioner that chooses each group's encoding with its rank, and partitioner '{partitioner.Item2.Name}' as configured does not; use the built-in 'frequency' partitioner with 'allocation: spectrum' (its default), or name one quantizer",
                spec.Quantizer.Name.Location);
        }

        var solver = Configure<ISolverFactory, ISolver>(host, spec.Solver, observer, threads, (f, o, c) => f.Create(o, c));
        return new PluginSet(partitioner, solver, encodings, spec.Auto?.NoiseWeight.Value);
    }

    public void Dispose() => Solver.Dispose();

    private static EncodingPlugin Encoding(PluginHost host, string label, PluginReference reference, IRunObserver observer, int threads)
    {
        (IQuantizer quantizer, PluginComponentInfo info) = Configure<IQuantizerFactory, IQuantizer>(host, reference, observer, threads, (f, o, c) => f.Create(o, c));
        return new EncodingPlugin(label, quantizer, info);
    }

    private static (TProduct, PluginComponentInfo) Configure<TFactory, TProduct>(
        PluginHost host,
        PluginReference reference,
        IRunObserver observer,
        int threads,
        Func<TFactory, PluginOptions, PluginContext, TProduct> create)
        where TFactory : class, IPluginComponent
        where TProduct : class
    {
        // The host checks the pin before it loads the plugin's assembly: a plugin that is not the pinned build never runs.
        (TFactory factory, PluginComponentInfo info) = host.Get<TFactory>(reference.Name.Value, reference.Name.Location, reference.Sha256);

        var options = new PluginOptions(reference.Name.Value, reference.Options);
        var context = new PluginContext(new ObserverPluginLog(observer, reference.Name.Value), threads);
        TProduct product = PluginGuard.Run(info, "configuration", () => create(factory, options, context))
            ?? throw PluginGuard.BadResult(info, "configuration", "Create returned null");

        // The plugin validated what it read; anything it did not ask for is a misspelt key.
        options.EnsureNoUnknownKeys();
        return (product, info);
    }
}
