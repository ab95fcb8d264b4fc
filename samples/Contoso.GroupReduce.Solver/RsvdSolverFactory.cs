using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;

namespace Contoso.GroupReduce.Solver;

/// <summary>
/// The <c>contoso-rsvd</c> solver: each group's basis from a randomized range finder (Halko, Martinsson and
/// Tropp 2011) on the weighted Gram matrix <c>Aᵀ W A</c>, without ever forming it. Options: <c>oversampling</c>
/// (extra sketch columns, default 10), <c>power_iterations</c> (default 2) and <c>seed</c>.
/// </summary>
public sealed class RsvdSolverFactory : ISolverFactory
{
    /// <inheritdoc />
    public string Name => "contoso-rsvd";

    /// <inheritdoc />
    public string Description => "Randomized range-finder bases (Halko–Martinsson–Tropp): fewer passes over each group than a full Gram, slightly less accurate (Contoso sample).";

    /// <inheritdoc />
    public ISolver Create(PluginOptions options, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        RsvdOptions parsed = RsvdOptions.Parse(options);
        var solver = new RsvdSolver(parsed);
        context.Log.Info(solver.Describe());
        return solver;
    }
}
