using System.Reflection;
using System.Runtime.Loader;
using GroupReduce.Abstractions;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Reporting;

namespace Contoso.GroupReduce.Solver.Tests;

public sealed class EngineTests
{
    // The randomized bases may capture a little less energy than the exact ones; on the sample model
    // (64 columns, ranks well below 64 - 10) the weighted error stays within 2% of the cpu solver's.
    private const double RelativeTolerance = 0.02;

    [Fact]
    public void A_whole_compression_with_contoso_rsvd_is_close_to_the_cpu_solver_and_runs_on_its_own_yamldotnet()
    {
        using var run = new Compressions();
        CompressionReport cpu = run.Run(Compressions.Spec("solver: cpu\n"));
        File.Delete(run.Output);

        CompressionReport rsvd = run.Run(Compressions.Spec("solver: contoso-rsvd\n"));

        Assert.True(File.Exists(run.Output));
        double expected = cpu.Result.WeightedRelativeError!.Value;
        double actual = rsvd.Result.WeightedRelativeError!.Value;
        Assert.InRange(actual, expected * (1 - RelativeTolerance), expected * (1 + RelativeTolerance));

        // The plugin reports the YamlDotNet it runs with; the host has its own, newer one. Both are loaded.
        ManifestPlugin solver = rsvd.Plugins.Single(p => p.Kind == "solver");
        Assert.Equal("contoso-rsvd", solver.Name);
        Assert.Equal("Contoso.GroupReduce.Solver", solver.Assembly);
        Assert.Contains("YamlDotNet 16.3.0", solver.Device, StringComparison.Ordinal);
        string host = PackageVersion(typeof(YamlDotNet.Serialization.Deserializer).Assembly);
        Assert.Equal("18.1.0", host);
        var loaded = AssemblyLoadContext.All
            .SelectMany(context => context.Assemblies)
            .Where(assembly => assembly.GetName().Name == "YamlDotNet")
            .Select(PackageVersion)
            .ToHashSet();
        Assert.Contains("16.3.0", loaded);
        Assert.Contains(host, loaded);
    }

    // YamlDotNet's assembly version carries only the major; the informational version is the package's.
    private static string PackageVersion(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    [Fact]
    public void A_bad_option_value_points_at_its_line_in_the_spec()
    {
        using var run = new Compressions();
        string spec = Compressions.Spec("solver:\n  name: contoso-rsvd\n  options:\n    power_iterations: 99\n");

        var error = Assert.Throws<GroupReduceException>(() => run.Run(spec));

        Assert.Equal(ErrorCodes.InvalidOption, error.Code);
        Assert.Equal("option 'power_iterations' of 'contoso-rsvd': 99 is out of range; use a value from 0 to 64", error.Message);
        Assert.Equal(19, error.Location!.Value.Line);
        Assert.Equal(23, error.Location!.Value.Column);
        Assert.False(File.Exists(run.Output));
    }

    [Fact]
    public void A_misspelt_option_names_the_options_the_solver_knows()
    {
        using var run = new Compressions();
        string spec = Compressions.Spec("solver: { name: contoso-rsvd, options: { oversample: 4 } }\n");

        var error = Assert.Throws<GroupReduceException>(() => run.Run(spec));

        Assert.Equal(ErrorCodes.UnknownOption, error.Code);
        Assert.Equal("unknown option 'oversample' for 'contoso-rsvd'; 'contoso-rsvd' knows: oversampling, power_iterations, seed", error.Message);
    }
}
