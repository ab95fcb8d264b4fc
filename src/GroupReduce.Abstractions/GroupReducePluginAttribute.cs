namespace GroupReduce.Abstractions;

/// <summary>
/// Marks an assembly as a GroupReduce plugin and records the contract version it was compiled
/// against. Write it exactly as <c>[assembly: GroupReducePlugin(PluginContract.Major, PluginContract.Minor)]</c>:
/// the constants are copied into the plugin at compile time, so the host can read them from the
/// file's metadata and refuse an incompatible plugin before loading any of its code.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class GroupReducePluginAttribute : Attribute
{
    /// <summary>Creates the marker.</summary>
    /// <param name="contractMajor">Use <see cref="PluginContract.Major"/>.</param>
    /// <param name="contractMinor">Use <see cref="PluginContract.Minor"/>.</param>
    public GroupReducePluginAttribute(int contractMajor, int contractMinor)
    {
        ContractMajor = contractMajor;
        ContractMinor = contractMinor;
    }

    /// <summary>The contract major version the plugin was compiled against.</summary>
    public int ContractMajor { get; }

    /// <summary>The contract minor version the plugin was compiled against.</summary>
    public int ContractMinor { get; }
}
