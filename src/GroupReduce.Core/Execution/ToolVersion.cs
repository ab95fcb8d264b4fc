using System.Reflection;

namespace GroupReduce.Core.Execution;

/// <summary>The engine's version, as recorded in artifacts and reports.</summary>
public static class ToolVersion
{
    /// <summary>The informational version without the source-revision suffix.</summary>
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
