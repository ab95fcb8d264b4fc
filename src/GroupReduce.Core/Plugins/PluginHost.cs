using System.Reflection;
using System.Security.Cryptography;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Core.Spec;
using McMaster.NETCore.Plugins;

namespace GroupReduce.Core.Plugins;

/// <summary>
/// Finds and loads plugins. Discovery reads every candidate dll's metadata and runs none of its code: a
/// component's kind, name and description come from its type and from the constants its getters return.
/// Only when a spec names a component is its assembly loaded — after the pin check, through
/// McMaster.NETCore.Plugins, in its own load context sharing only GroupReduce.Abstractions with the host, so a
/// plugin's dependencies (another MathNet, another ILGPU) never meet ours — and only that type created.
/// </summary>
public sealed class PluginHost : IDisposable
{
    // The package version is GroupReduce's, not the contract's (docs/plugins.md#compatibility-promise): the advice names the
    // contract and points at the Abstractions package of the release the user runs.
    private static readonly string RebuildAdvice =
        $"rebuild the plugin against the GroupReduce.Abstractions package of the GroupReduce you run (plugin contract {PluginContract.Version})";

    private static readonly Type[] SharedTypes = [typeof(IPluginComponent), typeof(GroupReducePluginAttribute)];

    private readonly Dictionary<string, PluginLoader> _loaders = new(StringComparer.Ordinal);
    private readonly List<PluginComponentInfo> _components = [];
    private readonly List<PluginCandidate> _candidates = [];
    private readonly Dictionary<PluginComponentInfo, IPluginComponent> _instances = [];

    private PluginHost()
    {
    }

    /// <summary>The folder of the built-in plugins: <c>plugins/</c> beside the engine's assembly.</summary>
    public static string BuiltInDirectory => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Every component found, in discovery order. None of them has run.</summary>
    public IReadOnlyList<PluginComponentInfo> Components => _components;

    /// <summary>
    /// Every plugin dll considered, with the reason it was refused if it was; a component refused on its own
    /// (GR3010) is one more entry for its dll, naming the type.
    /// </summary>
    public IReadOnlyList<PluginCandidate> Candidates => _candidates;

    /// <summary>
    /// Looks in the built-in folder (when <paramref name="includeBuiltIn"/>) and then in
    /// <paramref name="searchPaths"/>, reading the metadata of every plugin assembly found. No plugin code runs.
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

    /// <summary>
    /// Gets the factory of kind <typeparamref name="TFactory"/> named <paramref name="name"/>: checks the pin, if
    /// any, against the file's hash; then loads that component's assembly (if not yet loaded) and creates that
    /// component only. Nothing of the plugin runs before the pin has been checked.
    /// </summary>
    /// <typeparam name="TFactory">One of the factory interfaces.</typeparam>
    /// <param name="name">The component name from the spec.</param>
    /// <param name="location">Where the spec names it, for errors.</param>
    /// <param name="pin">The sha256 the spec pins the component's assembly to, or <see langword="null"/>.</param>
    /// <returns>The factory and what the host knows about it.</returns>
    public (TFactory Factory, PluginComponentInfo Info) Get<TFactory>(string name, SourceLocation? location, SpecValue<string>? pin = null)
        where TFactory : class, IPluginComponent
    {
        PluginComponentInfo info = Find(KindOf(typeof(TFactory)), name, location);
        if (pin is not null)
        {
            VerifyPin(info, pin.Value, pin.Location);
        }

        if (!_instances.TryGetValue(info, out IPluginComponent? instance))
        {
            instance = Create(info, typeof(TFactory), location);
            _instances[info] = instance;
        }

        return ((TFactory)instance, info);
    }

    /// <summary>
    /// Checks a spec's pin of a component against the hash of its assembly file, taken at discovery (and checked
    /// again just before the file is loaded). Called before the assembly is loaded, so a plugin whose bytes differ
    /// from the pinned ones never runs.
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
        foreach (PluginLoader loader in _loaders.Values)
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

    private static string Describe(PluginComponentInfo plugin) =>
        $"{plugin.Kind.ToString().ToLowerInvariant()} '{plugin.Name}' ({plugin.TypeName} in {plugin.Assembly.Path})";

    private PluginComponentInfo Find(PluginKind kind, string name, SourceLocation? location)
    {
        var matches = _components.Where(c => c.Kind == kind && string.Equals(c.Name, name, StringComparison.Ordinal)).ToList();
        if (matches.Count == 0)
        {
            var available = _components.Where(c => c.Kind == kind).Select(c => c.Name).Distinct().Order(StringComparer.Ordinal).ToList();
            string names = available.Count == 0 ? "none were found" : "available: " + string.Join(", ", available);
            int refusals = _candidates.Count(c => c.Refusal is not null);
            string refused = refusals > 0
                ? $"; {refusals} plugin file(s) or component(s) were refused — run 'groupreduce plugins list' to see why"
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
                $"{matches.Count} {kind.ToString().ToLowerInvariant()} plugins are named '{name}': {string.Join(" and ", matches.Select(m => $"{m.Assembly.Path} ({m.TypeName})"))}; remove one of them from the plugin paths",
                location);
        }

        return matches[0];
    }

    private IPluginComponent Create(PluginComponentInfo info, Type factory, SourceLocation? location)
    {
        string path = info.Assembly.Path;
        string sha256;
        try
        {
            sha256 = HashFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GroupReduceException(ErrorCodes.PluginLoadFailed, $"{Describe(info)} cannot be read any more: {ex.Message}", location, ex);
        }

        // The pin was checked against the hash taken at discovery; what loads must be those bytes.
        if (!string.Equals(sha256, info.Assembly.Sha256, StringComparison.Ordinal))
        {
            throw new GroupReduceException(
                ErrorCodes.PluginChangedSinceDiscovery,
                $"{path} changed after plugin discovery (sha256 {info.Assembly.Sha256} then, {sha256} now), so {Describe(info)} is not loaded; run again once the file stays put",
                location);
        }

        Type type = LoadType(info, location);
        if (!factory.IsAssignableFrom(type))
        {
            throw new GroupReduceException(
                ErrorCodes.PluginLoadFailed,
                $"{Describe(info)} does not implement {factory.FullName} once loaded, although its metadata says so; {RebuildAdvice}",
                location);
        }

        IPluginComponent instance;
        string actual;
        try
        {
            instance = (IPluginComponent)Activator.CreateInstance(type, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DoNotWrapExceptions, null, null, null)!;
            actual = instance.Name;
        }
        catch (Exception ex) when (ex is not GroupReduceException and not OperationCanceledException and not OutOfMemoryException)
        {
            Exception cause = ex is TypeInitializationException { InnerException: { } inner } ? inner : ex;
            throw new GroupReduceException(
                ErrorCodes.PluginFailed,
                $"{Describe(info)} failed while being created: {cause.GetType().Name}: {cause.Message}",
                location,
                ex);
        }

        if (!string.Equals(actual, info.Name, StringComparison.Ordinal))
        {
            throw new GroupReduceException(
                ErrorCodes.PluginNameMismatch,
                $"{Describe(info)} reports the name '{actual}' once created, but its metadata says '{info.Name}'; make its Name return one string constant",
                location);
        }

        return instance;
    }

    private Type LoadType(PluginComponentInfo info, SourceLocation? location)
    {
        string path = info.Assembly.Path;
        bool created = false;
        PluginLoader? loader = null;
        try
        {
            if (!_loaders.TryGetValue(path, out loader))
            {
                // Only the contracts (SharedTypes' assembly) come from the host. PreferSharedTypes would make the plugin
                // use the host's copy of any assembly the host also has (a plugin's YamlDotNet 16 silently became our 18),
                // which is the version clash the separate load contexts exist to prevent.
                loader = PluginLoader.CreateFromAssemblyFile(path, SharedTypes, config => config.PreferSharedTypes = false);
                created = true;
            }

            Type type = loader.LoadDefaultAssembly().GetType(info.TypeName, throwOnError: true, ignoreCase: false)!;
            if (created)
            {
                _loaders[path] = loader;
            }

            return type;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (created)
            {
                loader?.Dispose();
            }

            string reason = ex is ReflectionTypeLoadException typeLoad && typeLoad.LoaderExceptions.FirstOrDefault(e => e is not null) is { } first
                ? first.Message
                : ex.InnerException?.Message ?? ex.Message;
            throw new GroupReduceException(ErrorCodes.PluginLoadFailed, $"{Describe(info)} could not be loaded: {reason}", location, ex);
        }
    }

    private void Consider(string dll)
    {
        PluginMetadataReader.Result? metadata;
        string? unreadable = null;
        try
        {
            // Length first (of a link's final target): a named pipe or a device reports 0, and opening one to read
            // would block discovery.
            var file = File.ResolveLinkTarget(dll, returnFinalTarget: true) as FileInfo ?? new FileInfo(dll);
            bool empty = file.Length == 0;
            metadata = empty ? null : PluginMetadataReader.TryRead(dll);
            unreadable = empty ? "the file is empty (or not a regular file)" : null;
        }
        catch (Exception ex)
        {
            // Not a PE, a truncated one, hostile headers or tables: whatever the metadata reader throws. No plugin
            // code is involved here, so every failure is the file's, and it only costs the file its candidacy.
            metadata = null;
            unreadable = ex.Message;
        }

        string folderName = Path.GetFileName(Path.GetDirectoryName(dll)) ?? string.Empty;
        bool namedLikeFolder = string.Equals(Path.GetFileNameWithoutExtension(dll), folderName, StringComparison.Ordinal);
        if (metadata?.Contract is not { } contract)
        {
            // Dependencies sit beside plugins; only a dll named like its folder was meant to be one.
            if (namedLikeFolder)
            {
                Refuse(dll, metadata is not null
                    ? $"{ErrorCodes.PluginLoadFailed}: not marked as a plugin; add [assembly: GroupReducePlugin(PluginContract.Major, PluginContract.Minor)]"
                    : unreadable is null
                        ? $"{ErrorCodes.PluginLoadFailed}: not a .NET assembly"
                        : $"{ErrorCodes.PluginLoadFailed}: not a readable .NET assembly ({unreadable})");
            }

            return;
        }

        if (string.Equals(metadata.AssemblyName, typeof(IPluginComponent).Assembly.GetName().Name, StringComparison.Ordinal))
        {
            return;
        }

        if (!PluginContract.IsCompatible(contract.Major, contract.Minor))
        {
            Refuse(dll, $"{ErrorCodes.ContractMismatch}: built against plugin contract {contract.Major}.{contract.Minor}; this host accepts {PluginContract.Major}.0 to {PluginContract.Version} — {RebuildAdvice}");
            return;
        }

        if (metadata.ComponentsUnreadable is { } problem)
        {
            Refuse(dll, $"{ErrorCodes.PluginLoadFailed}: its types cannot be read from its metadata ({problem})");
            return;
        }

        if (metadata.Components.Count == 0)
        {
            Refuse(dll, $"{ErrorCodes.PluginLoadFailed}: the assembly has no public partitioner, solver or quantizer factory with a public parameterless constructor");
            return;
        }

        PluginAssemblyInfo info;
        try
        {
            info = new PluginAssemblyInfo(dll, metadata.AssemblyName, metadata.Version, $"{contract.Major}.{contract.Minor}", HashFile(dll));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Refuse(dll, $"{ErrorCodes.PluginLoadFailed}: cannot be read: {ex.Message}");
            return;
        }

        bool any = false;
        foreach (DeclaredComponent component in metadata.Components)
        {
            if (string.IsNullOrWhiteSpace(component.Name))
            {
                string what = component.Name is null ? "does not return a string constant" : "returns an empty name";
                Refuse(dll, $"{ErrorCodes.PluginNameNotConstant}: {component.TypeName}: its Name {what}; plugins are discovered without running their code, so write the name as a constant: public string Name => \"my-name\";");
                continue;
            }

            _components.Add(new PluginComponentInfo(component.Kind, component.Name, component.Description, info, component.TypeName));
            any = true;
        }

        if (any)
        {
            _candidates.Add(new PluginCandidate(dll, null));
        }
    }

    private void Refuse(string dll, string reason) => _candidates.Add(new PluginCandidate(dll, reason));
}
