using System.Reflection;
using System.Security.Cryptography;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Plugins;
using McMaster.NETCore.Plugins;

namespace GroupReduce.Core.Plugins;

/// <summary>
/// Finds and loads plugins. Every plugin assembly — the built-in ones included — gets its own load
/// context through McMaster.NETCore.Plugins and shares only GroupReduce.Abstractions with the host,
/// so a plugin's dependencies (another MathNet, another ILGPU) never meet ours.
/// </summary>
public sealed class PluginHost : IDisposable
{
    private static readonly Type[] SharedTypes = [typeof(IPluginComponent), typeof(GroupReducePluginAttribute)];

    private readonly List<PluginLoader> _loaders = [];
    private readonly List<PluginComponentInfo> _components = [];
    private readonly List<PluginCandidate> _candidates = [];
    private readonly Dictionary<PluginComponentInfo, IPluginComponent> _instances = [];

    private PluginHost()
    {
    }

    /// <summary>The folder of the built-in plugins: <c>plugins/</c> beside the engine's assembly.</summary>
    public static string BuiltInDirectory => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Every component found, in discovery order.</summary>
    public IReadOnlyList<PluginComponentInfo> Components => _components;

    /// <summary>Every plugin dll considered, with the reason it was refused if it was.</summary>
    public IReadOnlyList<PluginCandidate> Candidates => _candidates;

    /// <summary>
    /// Looks in the built-in folder (when <paramref name="includeBuiltIn"/>) and then in
    /// <paramref name="searchPaths"/>, loading every compatible plugin assembly found.
    /// </summary>
    /// <param name="searchPaths">Extra places, in order.</param>
    /// <param name="includeBuiltIn">Whether to look in <see cref="BuiltInDirectory"/>.</param>
    /// <returns>The host; dispose it when the run is over.</returns>
    public static PluginHost Discover(IEnumerable<PluginSearchPath> searchPaths, bool includeBuiltIn = true)
    {
        ArgumentNullException.ThrowIfNull(searchPaths);
        var host = new PluginHost();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var paths = new List<PluginSearchPath>();
        if (includeBuiltIn && Directory.Exists(BuiltInDirectory))
        {
            paths.Add(new PluginSearchPath(BuiltInDirectory));
        }

        paths.AddRange(searchPaths);
        foreach (PluginSearchPath searchPath in paths)
        {
            foreach (string dll in EnumerateCandidates(searchPath))
            {
                if (seen.Add(dll))
                {
                    host.Consider(dll);
                }
            }
        }

        return host;
    }

    /// <summary>Gets the factory of kind <typeparamref name="TFactory"/> named <paramref name="name"/>.</summary>
    /// <typeparam name="TFactory">One of the factory interfaces.</typeparam>
    /// <param name="name">The component name from the spec.</param>
    /// <param name="location">Where the spec names it, for errors.</param>
    /// <returns>The factory and what the host knows about it.</returns>
    public (TFactory Factory, PluginComponentInfo Info) Get<TFactory>(string name, SourceLocation? location)
        where TFactory : class, IPluginComponent
    {
        PluginKind kind = KindOf(typeof(TFactory));
        var matches = _components.Where(c => c.Kind == kind && string.Equals(c.Name, name, StringComparison.Ordinal)).ToList();
        if (matches.Count == 0)
        {
            var available = _components.Where(c => c.Kind == kind).Select(c => c.Name).Distinct().Order(StringComparer.Ordinal).ToList();
            string names = available.Count == 0 ? "none were found" : "available: " + string.Join(", ", available);
            string refused = _candidates.Any(c => c.Refusal is not null)
                ? $"; {_candidates.Count(c => c.Refusal is not null)} plugin file(s) were refused — run 'groupreduce plugins list' to see why"
                : string.Empty;
            throw new GroupReduceException(
                ErrorCodes.PluginNotFound,
                $"no {kind.ToString().ToLowerInvariant()} plugin named '{name}' ({names}{refused}); check the name or add the plugin's folder to plugins.paths",
                location);
        }

        if (matches.Count > 1)
        {
            throw new GroupReduceException(
                ErrorCodes.DuplicatePluginName,
                $"{matches.Count} {kind.ToString().ToLowerInvariant()} plugins are named '{name}': {string.Join(" and ", matches.Select(m => m.Assembly.Path))}; remove one of them from the plugin paths",
                location);
        }

        PluginComponentInfo info = matches[0];
        return ((TFactory)_instances[info], info);
    }

    /// <summary>
    /// Checks a spec's pin of a component against the hash of its assembly file, taken when the file was loaded.
    /// Called before the component is configured, so a plugin whose bytes differ from the pinned ones is never given work.
    /// </summary>
    /// <param name="component">The component the spec named.</param>
    /// <param name="expectedSha256">The pinned hash, 64 lower-case hex digits.</param>
    /// <param name="location">Where the spec writes the hash.</param>
    public static void VerifyPin(PluginComponentInfo component, string expectedSha256, SourceLocation? location)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(expectedSha256);
        if (!string.Equals(component.Assembly.Sha256, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new GroupReduceException(
                ErrorCodes.PluginHashMismatch,
                $"{component.Kind.ToString().ToLowerInvariant()} plugin '{component.Name}' is pinned to sha256 {expectedSha256.ToLowerInvariant()}, but {component.Assembly.Path} has sha256 {component.Assembly.Sha256}; restore the pinned build, or update the pin if you trust this one",
                location);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (PluginLoader loader in _loaders)
        {
            loader.Dispose();
        }

        _loaders.Clear();
        _instances.Clear();
    }

    private static IEnumerable<string> EnumerateCandidates(PluginSearchPath searchPath)
    {
        string path = Path.GetFullPath(searchPath.Path);
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            throw new GroupReduceException(
                ErrorCodes.PluginPathMissing,
                $"plugin path '{path}' does not exist; build the plugin or correct plugins.paths",
                searchPath.Location);
        }

        // A folder of plugin dlls, or a folder of plugin folders (like the built-in plugins/).
        var found = new List<string>();
        found.AddRange(Directory.EnumerateFiles(path, "*.dll").Order(StringComparer.Ordinal));
        foreach (string folder in Directory.EnumerateDirectories(path).Order(StringComparer.Ordinal))
        {
            found.AddRange(Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal));
        }

        return found;
    }

    private static string HashFile(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static PluginKind KindOf(Type factory) =>
        factory == typeof(IPartitionerFactory) ? PluginKind.Partitioner
        : factory == typeof(ISolverFactory) ? PluginKind.Solver
        : factory == typeof(IQuantizerFactory) ? PluginKind.Quantizer
        : throw new ArgumentException($"{factory} is not a plugin factory interface", nameof(factory));

    private static PluginKind? KindOfComponent(Type type) =>
        typeof(IPartitionerFactory).IsAssignableFrom(type) ? PluginKind.Partitioner
        : typeof(ISolverFactory).IsAssignableFrom(type) ? PluginKind.Solver
        : typeof(IQuantizerFactory).IsAssignableFrom(type) ? PluginKind.Quantizer
        : null;

    private void Consider(string dll)
    {
        PluginMetadataReader.Result? metadata;
        try
        {
            metadata = PluginMetadataReader.TryRead(dll);
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            metadata = null;
        }

        string folderName = Path.GetFileName(Path.GetDirectoryName(dll)) ?? string.Empty;
        bool namedLikeFolder = string.Equals(Path.GetFileNameWithoutExtension(dll), folderName, StringComparison.Ordinal);
        if (metadata?.Contract is not { } contract)
        {
            // Dependencies sit beside plugins; only a dll named like its folder was meant to be one.
            if (namedLikeFolder)
            {
                _candidates.Add(new PluginCandidate(dll, metadata is null
                    ? $"{ErrorCodes.PluginLoadFailed}: not a .NET assembly"
                    : $"{ErrorCodes.PluginLoadFailed}: not marked as a plugin; add [assembly: GroupReducePlugin(PluginContract.Major, PluginContract.Minor)]"));
            }

            return;
        }

        if (string.Equals(metadata.AssemblyName, typeof(IPluginComponent).Assembly.GetName().Name, StringComparison.Ordinal))
        {
            return;
        }

        if (!PluginContract.IsCompatible(contract.Major, contract.Minor))
        {
            _candidates.Add(new PluginCandidate(dll,
                $"{ErrorCodes.ContractMismatch}: built against plugin contract {contract.Major}.{contract.Minor}; this host accepts {PluginContract.Major}.0 to {PluginContract.Version} — rebuild the plugin against GroupReduce.Abstractions {PluginContract.Major}.x"));
            return;
        }

        try
        {
            // Hashed just before loading, so a spec's pin is checked against the bytes that were loaded.
            var info = new PluginAssemblyInfo(dll, metadata.AssemblyName, metadata.Version, $"{contract.Major}.{contract.Minor}", HashFile(dll));
            Load(info);
            _candidates.Add(new PluginCandidate(dll, null));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            string reason = ex is ReflectionTypeLoadException typeLoad && typeLoad.LoaderExceptions.FirstOrDefault(e => e is not null) is { } first
                ? first.Message
                : ex.InnerException?.Message ?? ex.Message;
            _candidates.Add(new PluginCandidate(dll, $"{ErrorCodes.PluginLoadFailed}: could not load: {reason}"));
        }
    }

    private void Load(PluginAssemblyInfo info)
    {
        // Only the contracts (SharedTypes' assembly) come from the host. PreferSharedTypes would make the plugin use
        // the host's copy of any assembly the host also has (a plugin's YamlDotNet 16 silently became our 18),
        // which is the version clash the separate load contexts exist to prevent.
        PluginLoader loader = PluginLoader.CreateFromAssemblyFile(info.Path, SharedTypes, config => config.PreferSharedTypes = false);
        var found = new List<(PluginComponentInfo Info, IPluginComponent Instance)>();
        try
        {
            Assembly assembly = loader.LoadDefaultAssembly();
            foreach (Type type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                if (!type.IsClass || type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null || KindOfComponent(type) is not { } kind)
                {
                    continue;
                }

                var instance = (IPluginComponent)Activator.CreateInstance(type)!;
                found.Add((new PluginComponentInfo(kind, instance.Name, instance.Description, info, type.FullName!), instance));
            }
        }
        catch
        {
            loader.Dispose();
            throw;
        }

        if (found.Count == 0)
        {
            loader.Dispose();
            throw new InvalidOperationException("the assembly has no public partitioner, solver or quantizer factory with a public parameterless constructor");
        }

        _loaders.Add(loader);
        foreach ((PluginComponentInfo component, IPluginComponent instance) in found)
        {
            _components.Add(component);
            _instances[component] = instance;
        }
    }
}
