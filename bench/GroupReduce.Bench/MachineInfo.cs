using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GroupReduce.Bench;

/// <summary>The machine in one line, so a figure is never read without it: CPU, cores, vector ISA, memory, runtime.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        string memory = ReadField("/proc/meminfo", "MemTotal") is { } total && long.TryParse(total.Split(' ')[0], out long kb)
            ? $", {kb / 1024.0 / 1024.0:0.0} GiB memory"
            : string.Empty;
        return $"{Cpu()}, {Environment.ProcessorCount} logical cores, {Isa()}{memory}, .NET {Environment.Version}";
    }

    public static string Isa() =>
        Avx512F.IsSupported ? (Vector512.IsHardwareAccelerated ? "AVX-512" : "AVX-512 (Vector512 not accelerated by the runtime)")
        : Avx2.IsSupported ? (Fma.IsSupported ? "AVX2 + FMA, no AVX-512" : "AVX2, no FMA")
        : System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? "Arm AdvSimd"
        : "no AVX2";

    // A virtual machine often shows a bare "AMD EPYC": the family and model still tell Zen 2 (23/49) from Zen 4 (25/17) or Zen 5 (26/…).
    private static string Cpu()
    {
        string name = ReadField("/proc/cpuinfo", "model name") ?? "unknown CPU";
        string? family = ReadField("/proc/cpuinfo", "cpu family");
        string? model = ReadField("/proc/cpuinfo", "model");
        return family is null || model is null ? name : $"{name} (family {family}, model {model})";
    }

    private static string? ReadField(string file, string key)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        foreach (string line in File.ReadLines(file))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == key)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
