using System.Runtime.InteropServices;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Cpu;

/// <summary>Names the processor for the report: the model from /proc/cpuinfo where there is one, plus the kernel path.</summary>
internal static class CpuDescription
{
    /// <summary>E.g. "AMD EPYC 9R14 (AVX-512)".</summary>
    /// <param name="path">The kernel path in use.</param>
    /// <returns>The description.</returns>
    public static string Describe(KernelPath path) => $"{ModelName()} ({KernelPathSupport.DisplayName(path)})";

    private static string ModelName()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                {
                    if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is int colon and > 0)
                    {
                        string model = line[(colon + 1)..].Trim();
                        if (model.Length > 0)
                        {
                            return model;
                        }
                    }
                }
            }
        }
        catch (IOException)
        {
            // An unreadable /proc only costs the report the model name.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }

        return $"{RuntimeInformation.ProcessArchitecture} CPU";
    }
}
