namespace GroupReduce.Build.Tests;

/// <summary>What a NativeAOT publish on Linux needs besides the SDK: clang (the linker driver) and lld.</summary>
public static class NativeToolchain
{
    /// <summary>
    /// Why a NativeAOT publish cannot run here, or null when it can. A missing compiler fails the test with this text
    /// rather than skipping it: CI installs clang (.ci/run), so a skip would hide a broken CI machine.
    /// </summary>
    public static string? Problem()
    {
        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        bool clang = path.Any(folder => File.Exists(Path.Combine(folder, "clang")));
        // .NET 8's NativeAOT links zlib (-lz): without its development files the link fails with a bare linker error.
        bool zlib = File.Exists("/usr/include/zlib.h");
        return clang && zlib ? null
            : $"NativeAOT publishing needs clang on PATH and zlib's development files, and this machine lacks {(clang ? "zlib.h" : "clang")}. "
              + "Install them (Debian/Ubuntu: 'sudo apt-get install -y clang lld zlib1g-dev'; .ci/run does this when it runs as root) and run the tests again.";
    }
}
