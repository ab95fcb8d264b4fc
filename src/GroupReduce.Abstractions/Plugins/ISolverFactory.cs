using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Abstractions.Plugins;

/// <summary>A plugin component that creates solvers (weighted low-rank factors and the heavy products of refinement).</summary>
public interface ISolverFactory : IPluginComponent
{
    /// <summary>Validates the spec's option block and creates a configured solver.</summary>
    /// <param name="options">The plugin's options; throw through <see cref="PluginOptions.Invalid"/> to point at a bad value.</param>
    /// <param name="context">Logging and threading.</param>
    /// <returns>The solver; the host disposes it.</returns>
    ISolver Create(PluginOptions options, PluginContext context);
}
