using System.Security.Cryptography;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Core.Plugins;
using GroupReduce.Core.Spec;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Plugins;

/// <summary>Discovery reads metadata only: no plugin code runs until a spec names the component.</summary>
public sealed class PluginDiscoveryTests
{
    private static readonly SourceLocation NameAt = new("groupreduce.yaml", 11, 12);

    [Fact]
    public void Discovery_reads_kinds_names_and_descriptions_without_running_or_loading_the_plugin()
    {
        using var tripwire = new TripwireCopy();

        using PluginHost host = PluginHost.Discover([new PluginSearchPath(tripwire.SearchPath)], includeBuiltIn: false);

        Assert.Equal(
            ["exploding", "quiet", "shadowing", "tripwire"],
            host.Components.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(host.Components, c => Assert.Equal(PluginKind.Quantizer, c.Kind));
        PluginComponentInfo info = host.Components.Single(c => c.Name == "tripwire");
        Assert.Equal("leaves a marker when constructed (test plugin)", info.Description);
        Assert.Equal("GroupReduce.TestPlugins.Tripwire.TripwireQuantizerFactory", info.TypeName);
        Assert.Equal(tripwire.Dll, info.Assembly.Path);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(tripwire.Dll))), info.Assembly.Sha256);

        // Its description is an interpolated string: not a constant, so not shown rather than computed.
        Assert.Null(host.Components.Single(c => c.Name == "quiet").Description);
        Assert.Equal(string.Empty, tripwire.Ran);
        Assert.False(tripwire.IsLoaded);
    }

    [Fact]
    public void A_component_whose_name_is_computed_is_refused_with_the_fix_and_the_rest_of_its_assembly_stays_usable()
    {
        using var tripwire = new TripwireCopy();

        using PluginHost host = PluginHost.Discover([new PluginSearchPath(tripwire.SearchPath)], includeBuiltIn: false);

        PluginCandidate refused = Assert.Single(host.Candidates, c => c.Refusal is not null);
        Assert.Equal(tripwire.Dll, refused.Path);
        Assert.StartsWith($"{ErrorCodes.PluginNameNotConstant}: GroupReduce.TestPlugins.Tripwire.ComputedNameQuantizerFactory: its Name does not return a string constant", refused.Refusal, StringComparison.Ordinal);
        Assert.Contains("public string Name => \"my-name\";", refused.Refusal, StringComparison.Ordinal);
        Assert.Contains(host.Candidates, c => c.Path == tripwire.Dll && c.Refusal is null);

        var error = Assert.Throws<GroupReduceException>(() => host.Get<IQuantizerFactory>("computed", NameAt));
        Assert.Equal(ErrorCodes.PluginNotFound, error.Code);
        Assert.Contains("plugins list", error.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, tripwire.Ran);
    }

    [Fact]
    public void Naming_a_neighbour_in_the_same_assembly_creates_only_the_neighbour()
    {
        using var tripwire = new TripwireCopy();
        using PluginHost host = PluginHost.Discover([new PluginSearchPath(tripwire.SearchPath)], includeBuiltIn: false);

        (IQuantizerFactory quiet, PluginComponentInfo info) = host.Get<IQuantizerFactory>("quiet", NameAt);

        Assert.Equal("quiet", quiet.Name);
        Assert.Equal("GroupReduce.TestPlugins.Tripwire.QuietQuantizerFactory", info.TypeName);
        Assert.True(tripwire.IsLoaded);
        Assert.Equal(string.Empty, tripwire.Ran);
        Assert.Same(quiet, host.Get<IQuantizerFactory>("quiet", NameAt).Factory);
    }

    [Fact]
    public void Naming_the_tripwire_runs_its_constructors_once()
    {
        using var tripwire = new TripwireCopy();
        using PluginHost host = PluginHost.Discover([new PluginSearchPath(tripwire.SearchPath)], includeBuiltIn: false);

        (IQuantizerFactory factory, _) = host.Get<IQuantizerFactory>("tripwire", NameAt);
        host.Get<IQuantizerFactory>("tripwire", NameAt);

        Assert.Equal("tripwire", factory.Name);
        Assert.Equal("static constructor\nconstructor\n", tripwire.Ran);
    }

    [Fact]
    public void A_compression_with_other_plugins_never_runs_the_tripwire_in_its_search_path()
    {
        using var folder = new TempFolder();
        using var tripwire = new TripwireCopy();
        SyntheticModel.Create().Write(folder);

        Runs.Compress(folder, Runs.BasicSpec + $"quantizer: int8\nplugins:\n  paths: [{tripwire.SearchPath}]\n");

        Assert.True(File.Exists(folder.File("out.gr.safetensors")));
        Assert.Equal(string.Empty, tripwire.Ran);
        Assert.False(tripwire.IsLoaded);
    }

    [Fact]
    public void A_pin_that_does_not_match_refuses_the_plugin_before_its_assembly_loads()
    {
        using var folder = new TempFolder();
        using var tripwire = new TripwireCopy();
        SyntheticModel.Create().Write(folder);
        string spec = Runs.BasicSpec + $"quantizer: {{ name: tripwire, sha256: {new string('0', 64)} }}\nplugins:\n  paths: [{tripwire.SearchPath}]\n";

        var error = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, spec));

        Assert.Equal(ErrorCodes.PluginHashMismatch, error.Code);
        Assert.Equal(10, error.Location!.Value.Line);
        Assert.Contains(tripwire.Dll, error.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, tripwire.Ran);
        Assert.False(tripwire.IsLoaded);
    }

    [Fact]
    public void A_pin_that_matches_lets_the_named_plugin_run()
    {
        using var tripwire = new TripwireCopy();
        using PluginHost host = PluginHost.Discover([new PluginSearchPath(tripwire.SearchPath)], includeBuiltIn: false);
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(tripwire.Dll)));

        host.Get<IQuantizerFactory>("tripwire", NameAt, new SpecValue<string>(sha256, NameAt));

        Assert.Equal("static constructor\nconstructor\n", tripwire.Ran);
    }

    [Fact]
    public void A_dll_replaced_after_discovery_is_not_loaded()
    {
        using var tripwire = new TripwireCopy();
        using PluginHost host = PluginHost.Discover([new PluginSearchPath(tripwire.SearchPath)], includeBuiltIn: false);
        string pinned = host.Components.Single(c => c.Name == "tripwire").Assembly.Sha256;
        File.Copy(Path.Combine(Runs.TestPlugins, "GroupReduce.TestPlugins.Faulty", "GroupReduce.TestPlugins.Faulty.dll"), tripwire.Dll, overwrite: true);

        var error = Assert.Throws<GroupReduceException>(() => host.Get<IQuantizerFactory>("tripwire", NameAt, new SpecValue<string>(pinned, NameAt)));

        Assert.Equal(ErrorCodes.PluginChangedSinceDiscovery, error.Code);
        Assert.Equal(NameAt, error.Location);
        Assert.Contains($"{tripwire.Dll} changed after plugin discovery", error.Message, StringComparison.Ordinal);
        Assert.False(tripwire.IsLoaded);
    }

    [Fact]
    public void A_static_constructor_that_throws_fails_only_the_run_that_names_it_with_the_real_cause()
    {
        using var tripwire = new TripwireCopy();
        using PluginHost host = PluginHost.Discover([new PluginSearchPath(tripwire.SearchPath)], includeBuiltIn: false);

        var error = Assert.Throws<GroupReduceException>(() => host.Get<IQuantizerFactory>("exploding", NameAt));

        Assert.Equal(ErrorCodes.PluginFailed, error.Code);
        Assert.Equal(NameAt, error.Location);
        Assert.StartsWith("quantizer 'exploding' (GroupReduce.TestPlugins.Tripwire.ExplodingQuantizerFactory in ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("failed while being created: InvalidOperationException: the exploding plugin's static constructor always throws", error.Message, StringComparison.Ordinal);
        Assert.Equal("exploding static constructor\n", tripwire.Ran);
    }

    [Fact]
    public void A_factory_whose_running_name_differs_from_its_metadata_is_refused_when_named()
    {
        using var tripwire = new TripwireCopy();
        using PluginHost host = PluginHost.Discover([new PluginSearchPath(tripwire.SearchPath)], includeBuiltIn: false);

        var error = Assert.Throws<GroupReduceException>(() => host.Get<IQuantizerFactory>("shadowing", NameAt));

        Assert.Equal(ErrorCodes.PluginNameMismatch, error.Code);
        Assert.Contains("reports the name 'shadowed-base' once created, but its metadata says 'shadowing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_assemblies_declaring_one_name_are_a_duplicate_found_from_metadata_alone()
    {
        using var tripwire = new TripwireCopy(copies: 2);
        using PluginHost host = PluginHost.Discover([new PluginSearchPath(tripwire.Folder(0)), new PluginSearchPath(tripwire.Folder(1))], includeBuiltIn: false);

        var error = Assert.Throws<GroupReduceException>(() => host.Get<IQuantizerFactory>("tripwire", NameAt));

        Assert.Equal(ErrorCodes.DuplicatePluginName, error.Code);
        Assert.Contains(tripwire.DllOf(0), error.Message, StringComparison.Ordinal);
        Assert.Contains(tripwire.DllOf(1), error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(tripwire.MarkerOf(0)));
        Assert.False(File.Exists(tripwire.MarkerOf(1)));
        Assert.False(tripwire.IsLoaded);
    }
}
