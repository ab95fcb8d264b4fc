using System.Text;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Caching;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Plugins;
using GroupReduce.Core.Reporting;

namespace GroupReduce.Core.Pipeline;

/// <summary>
/// One run's use of the artifact cache: its key, computed before the run from what the run will read (the spec's text, its
/// data files, the engine's assemblies and every file in the plugin folders it searches, all by content, none by where it
/// lies), a restore on a hit and a store after a commit. Whatever else the run read (<see cref="CompressionInputs.Read"/>)
/// is recorded in the entry and must still match for a hit.
/// </summary>
internal sealed class CachedRun
{
    private readonly ArtifactCache _cache;
    private readonly CompressionRequest _request;
    private readonly InputLedger _ledger;
    private readonly string _key;
    private readonly IReadOnlyList<RunInput> _keyed;
    private readonly IReadOnlyList<string> _keyedFolders;

    private CachedRun(ArtifactCache cache, CompressionRequest request, InputLedger ledger, string key, IReadOnlyList<RunInput> keyed, IReadOnlyList<string> keyedFolders)
    {
        _cache = cache;
        _request = request;
        _ledger = ledger;
        _key = key;
        _keyed = keyed;
        _keyedFolders = keyedFolders;
    }

    private string SpecFolder => Path.GetDirectoryName(Path.GetFullPath(_request.Spec.SourcePath)) ?? ".";

    /// <summary>Computes the key of a run (hashing what it names, each file once for the whole run).</summary>
    /// <param name="folder">The cache folder.</param>
    /// <param name="request">The run.</param>
    /// <param name="ledger">The run's hashes.</param>
    /// <param name="observer">Receives the cache's warnings.</param>
    /// <param name="cancellationToken">Stops the hashing.</param>
    /// <returns>The run's cache.</returns>
    public static CachedRun Prepare(string folder, CompressionRequest request, InputLedger ledger, IRunObserver observer, CancellationToken cancellationToken)
    {
        var text = new StringBuilder("groupreduce-cache-v2\n").Append("tool ").Append(ToolVersion.Current).Append('\n');
        var keyed = new List<RunInput>();

        // The data files by role and content (the spec's text among them), in the engine's stable order.
        foreach (CompressionInput input in CompressionInputs.Of(request))
        {
            RunInput hashed = ledger.Input(input.Role, input.Path, cancellationToken);
            keyed.Add(hashed);
            text.Append(input.Role).Append(' ').Append(hashed.Hash).Append('\n');
        }

        // The engine by its own assemblies, and the plugins by every file in each folder searched (a dll and what sits
        // beside it), each named by its path inside its folder so the key does not depend on where the folder lies.
        string engineFolder = Path.GetDirectoryName(typeof(CachedRun).Assembly.Location) ?? AppContext.BaseDirectory;
        var lines = new List<string>();
        foreach (string file in Directory.EnumerateFiles(engineFolder, "*.dll").Where(f => Path.GetFileName(f).StartsWith("groupreduce", StringComparison.OrdinalIgnoreCase)))
        {
            RunInput hashed = ledger.Input("engine assembly", file, cancellationToken);
            keyed.Add(hashed);
            lines.Add($"engine {Path.GetFileName(file)} {hashed.Hash}");
        }

        List<string> pluginFolders = PluginFolders(request).ToList();
        foreach (string pluginFolder in pluginFolders)
        {
            foreach (string file in Directory.EnumerateFiles(pluginFolder, "*", SearchOption.AllDirectories))
            {
                RunInput hashed = ledger.Input("plugin file", file, cancellationToken);
                keyed.Add(hashed);
                lines.Add($"plugin {Path.GetFileName(pluginFolder)}/{Path.GetRelativePath(pluginFolder, file).Replace(Path.DirectorySeparatorChar, '/')} {hashed.Hash}");
            }
        }

        foreach (string line in lines.Order(StringComparer.Ordinal))
        {
            text.Append(line).Append('\n');
        }

        // An ONNX output is another file than the safetensors artifact of the same inputs, and names its external data
        // after itself (NAME.data): its entry must not serve the other format or another name. Safetensors keys are as before.
        if (OutputNames.IsOnnx(request.OutputPath))
        {
            text.Append("output onnx ").Append(Path.GetFileName(request.OutputPath)).Append('\n');
        }

        return new CachedRun(new ArtifactCache(folder, observer), request, ledger, ArtifactCache.KeyOf(text.ToString()), keyed, [engineFolder, .. pluginFolders]);
    }

    /// <summary>On a hit, commits the entry's artifact with its reports (as a run does) and returns its report.</summary>
    /// <param name="observer">For the commit.</param>
    /// <param name="cancellationToken">Stops the restore before its commit.</param>
    /// <returns>The report, or null on a miss (the run then compresses).</returns>
    public CompressionReport? TryRestore(IRunObserver observer, CancellationToken cancellationToken)
    {
        if (_cache.Find(_key, SpecFolder, path => _ledger.HashOf(path, cancellationToken)) is not { } entry)
        {
            return null;
        }

        CompressionReport? stored = ReportWriter.FromJson(entry.ReportJson);
        if (stored?.Artifact is null)
        {
            _cache.Corrupt(entry, "its report cannot be read");
            return null;
        }

        using StagedFile? artifact = _cache.Restore(entry, _request.OutputPath, cancellationToken);
        if (artifact is null)
        {
            return null;
        }

        CompressionReport report = stored with
        {
            Spec = _request.Spec.SourcePath,
            Artifact = stored.Artifact with { Path = artifact.TargetPath, DataPath = artifact.Companion?.TargetPath },
            Inputs = [.. _keyed.DistinctBy(i => i.Path, StringComparer.Ordinal), .. entry.Inputs.Select(i => new RunInput("input", i.Path, i.Hash))],
            RestoredFrom = entry.Folder,
        };
        ArtifactCommit.Commit(artifact, report, _request.Spec.Output.Report.Value, observer, cancellationToken);
        return report;
    }

    /// <summary>Stores a committed run's artifact, recording the inputs the key does not cover.</summary>
    /// <param name="report">The run's report, with its inputs.</param>
    /// <param name="artifact">The committed artifact, whose companion (an ONNX model's external data) is stored with it.</param>
    public void Store(CompressionReport report, StagedFile artifact)
    {
        var keyed = new HashSet<string>(_keyed.Select(i => i.Path), StringComparer.Ordinal);
        string[] prefixes = [.. _keyedFolders.Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f)) + Path.DirectorySeparatorChar)];
        IEnumerable<CachedInput> others = report.Inputs
            .Where(i => !keyed.Contains(i.Path) && !prefixes.Any(prefix => i.Path.StartsWith(prefix, StringComparison.Ordinal)))
            .Select(i => new CachedInput(i.Path, i.Hash));
        _cache.Store(_key, report.Artifact!.Path, report.Artifact.Hash, ReportWriter.ToJson(report), SpecFolder, others, artifact.Companion is { } data ? (data.TargetPath, data.Hash) : null);
    }

    /// <summary>The folders the run searches for plugins, in the engine's order: built-in, the spec's, the command line's.</summary>
    private static IEnumerable<string> PluginFolders(CompressionRequest request)
    {
        IEnumerable<string> folders = request.Spec.PluginPaths.Select(p => p.Value).Concat(request.AdditionalPluginPaths);
        if (request.IncludeBuiltInPlugins)
        {
            folders = folders.Prepend(PluginHost.BuiltInDirectory);
        }

        return folders.Select(Path.GetFullPath).Where(Directory.Exists).Distinct(StringComparer.Ordinal);
    }
}
