namespace GroupReduce.Core.Plugins;

/// <summary>A plugin assembly the host found.</summary>
/// <param name="Path">The absolute path of the dll.</param>
/// <param name="AssemblyName">The assembly's simple name.</param>
/// <param name="Version">Its informational (or assembly) version.</param>
/// <param name="ContractVersion">The contract version it was compiled against (<c>major.minor</c>).</param>
/// <param name="Sha256">The sha256 of the dll's bytes (64 lower-case hex digits), taken at discovery (and checked again just before the file is loaded).</param>
public sealed record PluginAssemblyInfo(string Path, string AssemblyName, string Version, string ContractVersion, string Sha256);
