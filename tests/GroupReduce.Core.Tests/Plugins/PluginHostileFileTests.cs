using System.Diagnostics;
using System.Reflection;
using System.Reflection.Emit;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Core.Plugins;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;

namespace GroupReduce.Core.Tests.Plugins;

/// <summary>Whatever a plugin folder holds, discovery refuses what it cannot read and carries on.</summary>
public sealed class PluginHostileFileTests
{
    private static readonly byte[] Tripwire = File.ReadAllBytes(Path.Combine(Runs.TestPlugins, TripwireCopy.AssemblyName, TripwireCopy.AssemblyName + ".dll"));

    public static TheoryData<string> Cuts => ["0", "2", "64", "200", "quarter", "half", "minus-one"];

    [Fact]
    public void A_file_that_is_not_a_pe_image_is_refused_with_a_reason()
    {
        using var folder = new TempFolder();
        var random = new Random(20261205);
        byte[] garbage = new byte[4096];
        random.NextBytes(garbage);
        string dll = Place(folder, "Garbage", garbage);

        using PluginHost host = PluginHost.Discover([new PluginSearchPath(folder.Path)], includeBuiltIn: false);

        PluginCandidate candidate = Assert.Single(host.Candidates);
        Assert.Equal(dll, candidate.Path);
        Assert.StartsWith($"{ErrorCodes.PluginLoadFailed}: not a readable .NET assembly (", candidate.Refusal, StringComparison.Ordinal);
        Assert.Empty(host.Components);
    }

    [Theory]
    [MemberData(nameof(Cuts))]
    public void A_truncated_copy_of_a_real_plugin_is_refused_with_a_reason(string cut)
    {
        int length = cut switch
        {
            "quarter" => Tripwire.Length / 4,
            "half" => Tripwire.Length / 2,
            "minus-one" => Tripwire.Length - 1,
            _ => int.Parse(cut, System.Globalization.CultureInfo.InvariantCulture),
        };
        using var folder = new TempFolder();
        string dll = Place(folder, "Truncated", Tripwire[..length]);
        string good = Place(folder, TripwireCopy.AssemblyName, Tripwire);

        using PluginHost host = PluginHost.Discover([new PluginSearchPath(folder.Path)], includeBuiltIn: false);

        PluginCandidate refused = Assert.Single(host.Candidates, c => c.Path == dll);
        Assert.StartsWith(ErrorCodes.PluginLoadFailed + ": ", refused.Refusal, StringComparison.Ordinal);
        Assert.All(host.Components, c => Assert.Equal(good, c.Assembly.Path));
        Assert.Contains(host.Components, c => c.Name == "tripwire");
    }

    [Fact]
    public void Corrupted_copies_of_a_real_plugin_never_break_discovery_nor_run_its_code()
    {
        using var folder = new TempFolder();
        var random = new Random(42);
        string dll = Place(folder, "Corrupted", Tripwire);
        for (int attempt = 0; attempt < 400; attempt++)
        {
            byte[] bytes = (byte[])Tripwire.Clone();
            int damage = 1 + random.Next(8);
            for (int i = 0; i < damage; i++)
            {
                // Half the damage lands on the first 4 KiB: PE headers, section table, and often the metadata root.
                int at = random.Next(2) == 0 ? random.Next(Math.Min(4096, bytes.Length)) : random.Next(bytes.Length);
                bytes[at] = (byte)random.Next(256);
            }

            File.WriteAllBytes(dll, bytes);

            using PluginHost host = PluginHost.Discover([new PluginSearchPath(folder.Path)], includeBuiltIn: false);

            Assert.All(host.Candidates, c => Assert.Equal(dll, c.Path));
            Assert.All(host.Candidates.Where(c => c.Refusal is not null), c => Assert.Matches("^GR30(0[23]|10): ", c.Refusal!));
        }

        Assert.False(File.Exists(Path.Combine(folder.Path, "Corrupted", "tripwire.ran")));
    }

    [Fact]
    public void An_empty_file_and_a_folder_named_like_a_dll_are_refused_or_skipped_without_a_crash()
    {
        using var folder = new TempFolder();
        string empty = Place(folder, "Empty", []);
        Directory.CreateDirectory(Path.Combine(folder.Path, "Odd", "Odd.dll"));

        using PluginHost host = PluginHost.Discover([new PluginSearchPath(folder.Path)], includeBuiltIn: false);

        PluginCandidate candidate = Assert.Single(host.Candidates);
        Assert.Equal(empty, candidate.Path);
        Assert.StartsWith(ErrorCodes.PluginLoadFailed + ": ", candidate.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_pipe_or_a_link_to_one_named_like_its_folder_is_refused_without_blocking_discovery()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // mkfifo is Unix's; Windows has no named pipes in folders.
        }

        using var folder = new TempFolder();
        string directory = Path.Combine(folder.Path, "Pipe");
        Directory.CreateDirectory(directory);
        string pipe = Path.Combine(directory, "Pipe.dll");
        using (Process mkfifo = Process.Start("mkfifo", pipe))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        Directory.CreateDirectory(Path.Combine(folder.Path, "Link"));
        File.CreateSymbolicLink(Path.Combine(folder.Path, "Link", "Link.dll"), pipe);

        // Opening a pipe with no writer blocks; if discovery did, this would time out rather than hang the suite.
        using PluginHost host = await Task.Run(() => PluginHost.Discover([new PluginSearchPath(folder.Path)], includeBuiltIn: false))
            .WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(2, host.Candidates.Count);
        Assert.All(host.Candidates, c => Assert.Equal($"{ErrorCodes.PluginLoadFailed}: not a readable .NET assembly (the file is empty (or not a regular file))", c.Refusal));
    }

    [Fact]
    public void A_plugin_with_a_class_hierarchy_twenty_thousand_deep_is_read_in_bounded_time_without_recursion()
    {
        using var folder = new TempFolder();
        const int Depth = 20_000;
        string dll = Path.Combine(folder.Path, "Deep", "Deep.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(dll)!);
        WriteDeepPlugin(dll, Depth);
        var clock = Stopwatch.StartNew();

        using PluginHost host = PluginHost.Discover([new PluginSearchPath(folder.Path)], includeBuiltIn: false);

        // Every class is a quantizer factory through its ancestors, but the host follows at most 256 of them: the
        // shallow ones are found (and refused, having no Name getter), the rest are not factories to it.
        var refusals = host.Candidates.Where(c => c.Refusal is not null).ToList();
        Assert.InRange(refusals.Count, 200, 256);
        Assert.All(refusals, c => Assert.StartsWith(ErrorCodes.PluginNameNotConstant + ": Deep.T", c.Refusal, StringComparison.Ordinal));
        Assert.Empty(host.Components);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(60));
    }

    // Deep.T0 : IQuantizerFactory (abstract), Deep.T1 : T0, ... each public with a default constructor. Written, never loaded.
    private static void WriteDeepPlugin(string path, int depth)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName("Deep"), typeof(object).Assembly);
        builder.SetCustomAttribute(new CustomAttributeBuilder(
            typeof(GroupReducePluginAttribute).GetConstructor([typeof(int), typeof(int)])!,
            [PluginContract.Major, PluginContract.Minor]));
        ModuleBuilder module = builder.DefineDynamicModule("Deep");
        TypeBuilder root = module.DefineType("Deep.T0", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Class);
        root.AddInterfaceImplementation(typeof(IQuantizerFactory));
        DefineConstructor(root);
        Type parent = root;
        var types = new List<TypeBuilder> { root };
        for (int level = 1; level < depth; level++)
        {
            TypeBuilder type = module.DefineType($"Deep.T{level}", TypeAttributes.Public | TypeAttributes.Class, parent);
            DefineConstructor(type);
            types.Add(type);
            parent = type;
        }

        foreach (TypeBuilder type in types)
        {
            type.CreateType();
        }

        builder.Save(path);
    }

    // Just "ret": the file is only ever read, so the constructor need not call its base's.
    private static void DefineConstructor(TypeBuilder type) =>
        type.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, Type.EmptyTypes).GetILGenerator().Emit(OpCodes.Ret);

    private static string Place(TempFolder folder, string name, byte[] bytes)
    {
        string directory = Path.Combine(folder.Path, name);
        Directory.CreateDirectory(directory);
        string dll = Path.Combine(directory, name + ".dll");
        File.WriteAllBytes(dll, bytes);
        return dll;
    }
}
