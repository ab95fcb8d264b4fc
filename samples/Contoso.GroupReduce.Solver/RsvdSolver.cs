using System.Diagnostics;
using System.Reflection;
using GroupReduce.Abstractions.Solving;
using YamlDotNet.Serialization;

namespace Contoso.GroupReduce.Solver;

/// <summary>A configured <c>contoso-rsvd</c> solver: single-threaded, so its results never depend on the machine.</summary>
internal sealed class RsvdSolver : ISolver
{
    private readonly RsvdOptions _options;
    private readonly KernelCounters _counters = new();

    public RsvdSolver(RsvdOptions options)
    {
        _options = options;

        // The YamlDotNet version goes into the device name so that the report shows which copy this plugin
        // runs with: its own 16.x, not the host's.
        Device = new SolverDevice("cpu", $"contoso-rsvd (managed, YamlDotNet {YamlVersion})", 0, 1);
    }

    /// <summary>
    /// The package version of the YamlDotNet loaded for this plugin. Its informational version, because YamlDotNet's
    /// assembly version carries only the major (16.0.0.0 for 16.3.0).
    /// </summary>
    public static string YamlVersion =>
        typeof(SerializerBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(SerializerBuilder).Assembly.GetName().Version?.ToString() ?? "unknown";

    public SolverDevice Device { get; }

    public ISolverSession Open(IRowMatrix matrix, ReadOnlyMemory<double> weights)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (weights.Length != matrix.Rows)
        {
            throw new ArgumentException($"expected {matrix.Rows} weights, got {weights.Length}", nameof(weights));
        }

        return new RsvdSession(matrix, weights, _options, _counters);
    }

    public IReadOnlyList<KernelStatistics> GetStatistics() => _counters.Snapshot();

    /// <summary>The settings as YAML, logged when the solver is created so a build log records how the bases were made.</summary>
    /// <returns>The YAML text.</returns>
    public string Describe()
    {
        var settings = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["solver"] = "contoso-rsvd",
            ["oversampling"] = _options.Oversampling,
            ["power_iterations"] = _options.PowerIterations,
            ["seed"] = _options.Seed,
            ["yamldotnet"] = YamlVersion,
        };
        string yaml = new SerializerBuilder().Build().Serialize(settings);
        Debug.Assert(yaml.Length > 0, "the serializer always writes the mapping");
        return yaml.TrimEnd();
    }

    public void Dispose()
    {
    }
}
