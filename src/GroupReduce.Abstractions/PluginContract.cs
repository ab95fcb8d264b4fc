namespace GroupReduce.Abstractions;

/// <summary>
/// The version of the plugin contract defined by this assembly. A plugin records the version it was
/// compiled against with <see cref="GroupReducePluginAttribute"/>; the host accepts a plugin whose
/// major version equals <see cref="Major"/> and whose minor version is not above <see cref="Minor"/>.
/// </summary>
public static class PluginContract
{
    /// <summary>Incremented for any change that breaks plugins built against an earlier version.</summary>
    public const int Major = 1;

    /// <summary>Incremented for additions that older plugins can ignore (1.1: the budget in the cost's unit, <see cref="Partitioning.RankAllocationRequest.Unit"/>; 1.2: groups' spectra for allocation, <see cref="Partitioning.ISpectrumPartitioner"/>; 1.3: an encoding chosen per group, <see cref="Partitioning.RankAllocationRequest.Encodings"/>).</summary>
    public const int Minor = 3;

    /// <summary>The version as <c>major.minor</c>.</summary>
    public static string Version => $"{Major}.{Minor}";

    /// <summary>Whether a plugin compiled against <paramref name="major"/>.<paramref name="minor"/> can run on this host.</summary>
    /// <param name="major">The plugin's contract major version.</param>
    /// <param name="minor">The plugin's contract minor version.</param>
    /// <returns><see langword="true"/> when the host can load the plugin.</returns>
    public static bool IsCompatible(int major, int minor) => major == Major && minor >= 0 && minor <= Minor;
}
