using System.Reflection;

namespace GroupReduce.Core.Execution;

/// <summary>
/// The engine's version, as recorded in artifacts and reports and printed by <c>groupreduce --version</c>: the version
/// of the packages built from the same commit (from git, docs/packages.md#versions), e.g. <c>0.1.12</c> on main or a
/// release tag and <c>0.1.12-g1a2b3c4d5e</c> elsewhere.
/// </summary>
public static class ToolVersion
{
    /// <summary>The informational version without its <c>+commit</c> suffix.</summary>
    public static string Current { get; } = Read();

    private static string Read()
    {
        string? version = typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(version))
        {
            return typeof(ToolVersion).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        }

        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? version[..plus] : version;
    }
}
