using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Numerics;
using GroupReduce.Testing.Plugins;

namespace GroupReduce.Plugins.Cpu.Tests.Support;

/// <summary>Creates solvers the way the host does (through the factory and an option block).</summary>
internal static class Solvers
{
    public static SourceLocation At(int line, int column) => new("groupreduce.yaml", line, column);

    public static PluginOptions Options(params (string Key, string Value)[] entries)
    {
        var list = new List<OptionEntry>();
        int line = 10;
        foreach ((string key, string value) in entries)
        {
            list.Add(new OptionEntry(key, At(line, 5), new OptionScalar(value, At(line, 7 + key.Length))));
            line++;
        }

        return new PluginOptions("cpu", new OptionMapping(list, At(9, 3)));
    }

    public static ISolver Create(int threads, string eigensolver = "auto", string tolerance = "1e-9", params (string Key, string Value)[] extra)
    {
        var entries = new List<(string, string)> { ("threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("eigensolver", eigensolver), ("tolerance", tolerance) };
        entries.AddRange(extra);
        return new CpuSolverFactory().Create(Options([.. entries]), new PluginContext(new RecordingLog(), 2));
    }

    public static ISolver CreateOnPath(KernelPath path, int threads, string eigensolver = "auto")
    {
        var context = new PluginContext(new RecordingLog(), threads);
        CpuSolverOptions options = CpuSolverOptions.Parse(Options(("threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("eigensolver", eigensolver), ("tolerance", "1e-9")), context);
        return new CpuSolver(options with { Path = path }, context);
    }

    public static IEnumerable<object[]> SupportedPaths() =>
        Enum.GetValues<KernelPath>().Where(KernelPathSupport.IsSupported).Select(path => new object[] { path });
}
