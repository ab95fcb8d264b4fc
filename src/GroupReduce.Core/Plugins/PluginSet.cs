using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Plugins;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Plugins;

/// <summary>The partitioner, solver and quantizer a spec names, created and configured with their options.</summary>
internal sealed class PluginSet : IDisposable
{
    private PluginSet(
        (IPartitioner Instance, PluginComponentInfo Info) partitioner,
        (ISolver Instance, PluginComponentInfo Info) solver,
        (IQuantizer Instance, PluginComponentInfo Info) quantizer)
    {
        Partitioner = partitioner.Instance;
        PartitionerInfo = partitioner.Info;
        Solver = solver.Instance;
        SolverInfo = solver.Info;
        Quantizer = quantizer.Instance;
        QuantizerInfo = quantizer.Info;
    }

    public IPartitioner Partitioner { get; }

    public PluginComponentInfo PartitionerInfo { get; }

    public ISolver Solver { get; }

    public PluginComponentInfo SolverInfo { get; }

    public IQuantizer Quantizer { get; }

    public PluginComponentInfo QuantizerInfo { get; }

    public IEnumerable<PluginComponentInfo> All => [PartitionerInfo, SolverInfo, QuantizerInfo];

    public static PluginSet Create(PluginHost host, CompressionSpec spec, IRunObserver observer, int threads)
    {
        var partitioner = Configure<IPartitionerFactory, IPartitioner>(host, spec.Partitioner, observer, threads, (f, o, c) => f.Create(o, c));
        var quantizer = Configure<IQuantizerFactory, IQuantizer>(host, spec.Quantizer, observer, threads, (f, o, c) => f.Create(o, c));
        var solver = Configure<ISolverFactory, ISolver>(host, spec.Solver, observer, threads, (f, o, c) => f.Create(o, c));
        return new PluginSet(partitioner, solver, quantizer);
    }

    public void Dispose() => Solver.Dispose();

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
