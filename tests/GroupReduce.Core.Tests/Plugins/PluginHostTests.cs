using System.Runtime.Loader;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Core.Plugins;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;

namespace GroupReduce.Core.Tests.Plugins;

public sealed class PluginHostTests
{
    [Fact]
    public void The_built_in_plugins_load_from_their_own_folders_each_in_its_own_load_context()
    {
        using PluginHost host = PluginHost.Discover([]);

        Assert.Equal(["codebook", "cpu", "float", "frequency", "int4", "int8"], host.Components.Select(c => c.Name).Order(StringComparer.Ordinal));
        (ISolverFactory solver, PluginComponentInfo solverInfo) = host.Get<ISolverFactory>("cpu", null);
        (IQuantizerFactory quantizer, _) = host.Get<IQuantizerFactory>("int8", null);
        (IPartitionerFactory partitioner, _) = host.Get<IPartitionerFactory>("frequency", null);

        AssemblyLoadContext solverContext = AssemblyLoadContext.GetLoadContext(solver.GetType().Assembly)!;
        AssemblyLoadContext quantizerContext = AssemblyLoadContext.GetLoadContext(quantizer.GetType().Assembly)!;
        AssemblyLoadContext partitionerContext = AssemblyLoadContext.GetLoadContext(partitioner.GetType().Assembly)!;
        Assert.NotSame(AssemblyLoadContext.Default, solverContext);
        Assert.NotSame(solverContext, quantizerContext);
        Assert.NotSame(quantizerContext, partitionerContext);
        Assert.Equal(Path.Combine(PluginHost.BuiltInDirectory, "GroupReduce.Plugins.Cpu", "GroupReduce.Plugins.Cpu.dll"), solverInfo.Assembly.Path);
        Assert.Equal(PluginContract.Version, solverInfo.Assembly.ContractVersion);

        // Only the contracts are shared: the plugin's IPluginComponent is the host's type.
        Assert.Same(typeof(IPluginComponent).Assembly, solver.GetType().GetInterface(nameof(ISolverFactory))!.Assembly);

        // The CPU solver's MathNet.Numerics loads into the plugin's context, not the host's.
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "MathNet.Numerics");
    }

    [Fact]
    public void A_plugin_built_against_another_contract_is_refused_with_a_clear_reason()
    {
        using PluginHost host = PluginHost.Discover([new PluginSearchPath(Runs.TestPlugins)]);

        PluginCandidate refused = host.Candidates.Single(c => c.Path.Contains("FutureContract", StringComparison.Ordinal));
        Assert.StartsWith(ErrorCodes.ContractMismatch, refused.Refusal, StringComparison.Ordinal);
        Assert.Contains($"built against plugin contract {PluginContract.Major + 1}.0", refused.Refusal, StringComparison.Ordinal);
        Assert.Contains($"accepts {PluginContract.Major}.0 to {PluginContract.Version}", refused.Refusal, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Components, c => c.Name == "future");

        var error = Assert.Throws<GroupReduceException>(() => host.Get<IQuantizerFactory>("future", new SourceLocation("spec.yaml", 9, 12)));
        Assert.Equal(ErrorCodes.PluginNotFound, error.Code);
        Assert.Equal(new SourceLocation("spec.yaml", 9, 12), error.Location);
        Assert.Contains("plugins list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_plugin_lists_the_names_that_exist()
    {
        using PluginHost host = PluginHost.Discover([]);

        var error = Assert.Throws<GroupReduceException>(() => host.Get<ISolverFactory>("cuda", null));

        Assert.Equal(ErrorCodes.PluginNotFound, error.Code);
        Assert.Contains("no solver plugin named 'cuda' (available: cpu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_plugins_claiming_one_name_are_an_error_naming_both()
    {
        using var folder = new TempFolder();
        string copy = Path.Combine(folder.Path, "GroupReduce.Plugins.Quantizers");
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(Path.Combine(PluginHost.BuiltInDirectory, "GroupReduce.Plugins.Quantizers")))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        using PluginHost host = PluginHost.Discover([new PluginSearchPath(folder.Path)]);
        var error = Assert.Throws<GroupReduceException>(() => host.Get<IQuantizerFactory>("int8", null));

        Assert.Equal(ErrorCodes.DuplicatePluginName, error.Code);
        Assert.Contains(copy, error.Message, StringComparison.Ordinal);
        Assert.Contains(PluginHost.BuiltInDirectory, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plugin_path_that_does_not_exist_points_at_the_spec()
    {
        var location = new SourceLocation("groupreduce.yaml", 14, 5);

        var error = Assert.Throws<GroupReduceException>(() => PluginHost.Discover([new PluginSearchPath("/no/such/folder", location)]));

        Assert.Equal(ErrorCodes.PluginPathMissing, error.Code);
        Assert.Equal(location, error.Location);
    }

    [Fact]
    public void A_plain_dll_named_like_its_folder_is_reported_as_not_a_plugin()
    {
        using var folder = new TempFolder();
        string fake = Path.Combine(folder.Path, "Lonely");
        Directory.CreateDirectory(fake);
        File.Copy(typeof(PluginHostTests).Assembly.Location, Path.Combine(fake, "Lonely.dll"));

        using PluginHost host = PluginHost.Discover([new PluginSearchPath(folder.Path)], includeBuiltIn: false);

        PluginCandidate candidate = Assert.Single(host.Candidates);
        Assert.Contains("not marked as a plugin", candidate.Refusal, StringComparison.Ordinal);
    }
}
