using GroupReduce.Abstractions;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Artifacts.Onnx;
using GroupReduce.Core.Execution;

namespace GroupReduce.Core.Caching;

/// <summary>
/// The opt-in content-addressed artifact cache: a folder of entries, each named by its key (the engine's
/// <see cref="InputHash"/> of the key lines the run computes) and holding <c>artifact</c>, <c>artifact.hash</c>,
/// <c>report.json</c>, <c>inputs</c>, and for an ONNX artifact with external data <c>artifact.data</c> and
/// <c>artifact.data.hash</c> (its companion, restored beside it as <c>NAME.data</c>) (the files the run read that the key does not cover, each with its hash and its
/// path relative to the spec's folder, which a hit requires unchanged). Entries are written to a temporary folder and
/// renamed into place. The cache is an optimisation, never a failure: a folder that cannot be read or written is a warning
/// (GR5007), a corrupt entry another (GR5006), and the run compresses.
/// </summary>
internal sealed class ArtifactCache
{
    private const string ArtifactFile = "artifact";
    private const string HashFile = "artifact.hash";
    private const string ReportFile = "report.json";
    private const string InputsFile = "inputs";
    private const string CompanionFile = "artifact.data";
    private const string CompanionHashFile = "artifact.data.hash";

    private readonly IRunObserver _observer;

    /// <summary>Opens the cache in <paramref name="root"/> (created when the first entry is stored).</summary>
    /// <param name="root">The cache folder.</param>
    /// <param name="observer">Receives the cache's warnings.</param>
    public ArtifactCache(string root, IRunObserver observer)
    {
        Root = Path.GetFullPath(root);
        _observer = observer;
    }

    /// <summary>The cache folder.</summary>
    public string Root { get; }

    /// <summary>An entry's folder name for a key text: the key's hash digits.</summary>
    /// <param name="keyText">Every line that identifies the run's inputs.</param>
    /// <returns>32 hex digits.</returns>
    public static string KeyOf(string keyText) => InputHash.OfText(keyText)["xxh128:".Length..];

    /// <summary>The entry stored under <paramref name="key"/>, if there is one and the inputs it records are unchanged.</summary>
    /// <param name="key">The key.</param>
    /// <param name="baseFolder">The folder the recorded paths are relative to (the spec's).</param>
    /// <param name="hashOf">The run's hash of a file.</param>
    /// <returns>The entry, or null on a miss.</returns>
    public CacheEntry? Find(string key, string baseFolder, Func<string, string> hashOf)
    {
        string folder = Path.Combine(Root, key);
        try
        {
            if (!File.Exists(Path.Combine(folder, ArtifactFile)))
            {
                return null;
            }

            var inputs = new List<CachedInput>();
            foreach (string line in File.ReadAllLines(Path.Combine(folder, InputsFile)).Where(l => l.Length > 0))
            {
                int space = line.IndexOf(' ', StringComparison.Ordinal);
                string path = Path.GetFullPath(Path.Combine(baseFolder, line[(space + 1)..]));
                if (space <= 0 || !File.Exists(path) || hashOf(path) != line[..space])
                {
                    return null;
                }

                inputs.Add(new CachedInput(path, line[..space]));
            }

            return new CacheEntry(folder, File.ReadAllText(Path.Combine(folder, ReportFile)), inputs);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Unavailable($"the cache entry '{folder}' could not be read: {ex.Message}");
            return null;
        }
    }

    /// <summary>
    /// Copies an entry's artifact to a temporary file beside <paramref name="target"/>, hashing it as it goes; null, with
    /// warning GR5006, when the copy does not match the hash stored beside it.
    /// </summary>
    /// <param name="entry">The entry.</param>
    /// <param name="target">Where the artifact goes.</param>
    /// <param name="cancellationToken">Stops the copy.</param>
    /// <returns>The staged artifact, or null.</returns>
    public StagedFile? Restore(CacheEntry entry, string target, CancellationToken cancellationToken)
    {
        string expected;
        try
        {
            expected = File.ReadAllText(Path.Combine(entry.Folder, HashFile)).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Corrupt(entry, $"its artifact's hash cannot be read: {ex.Message}");
            return null;
        }

        FileStream cached;
        try
        {
            cached = File.OpenRead(Path.Combine(entry.Folder, ArtifactFile));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Unavailable($"the cache entry '{entry.Folder}' could not be read: {ex.Message}");
            return null;
        }

        StagedFile staged;
        using (cached)
        {
            staged = StagedFile.Write(target, stream => cached.CopyTo(stream, 1 << 20), cancellationToken);
        }

        if (staged.Hash != expected)
        {
            staged.Dispose();
            Corrupt(entry, "its artifact does not match its hash");
            return null;
        }

        // An ONNX artifact refers to its external data by file name: without it the artifact cannot be loaded.
        if (!File.Exists(Path.Combine(entry.Folder, CompanionFile)))
        {
            return staged;
        }

        StagedFile? companion = RestoreCompanion(entry, OutputNames.ExternalDataPath(staged.TargetPath), cancellationToken);
        if (companion is null)
        {
            staged.Dispose();
            return null;
        }

        return staged.WithCompanion(companion);
    }

    /// <summary>Warns that an entry is corrupt; the run compresses and <see cref="Store"/> replaces it.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="why">What is wrong with it.</param>
    public void Corrupt(CacheEntry entry, string why) =>
        _observer.Warning(CacheErrorCodes.EntryCorrupt, $"the cache entry '{entry.Folder}' is corrupt ({why}); it is ignored and rewritten", SourceLocation.OfFile(entry.Folder));

    /// <summary>Stores a committed artifact under <paramref name="key"/>, replacing an existing (e.g. corrupt) entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="artifact">The committed artifact.</param>
    /// <param name="artifactHash">Its hash, taken as it was written.</param>
    /// <param name="reportJson">Its report.</param>
    /// <param name="baseFolder">The folder the recorded input paths are made relative to (the spec's).</param>
    /// <param name="inputs">The inputs the key does not cover.</param>
    /// <param name="companion">The committed companion file (an ONNX artifact's external data) and its hash, if the artifact has one.</param>
    public void Store(string key, string artifact, string artifactHash, string reportJson, string baseFolder, IEnumerable<CachedInput> inputs, (string Path, string Hash)? companion = null)
    {
        string entry = Path.Combine(Root, key);
        string staging = Path.Combine(Root, ".tmp-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(staging);
            File.WriteAllLines(Path.Combine(staging, InputsFile), inputs.Select(i => i.Hash + " " + Path.GetRelativePath(baseFolder, i.Path)));
            File.Copy(artifact, Path.Combine(staging, ArtifactFile));
            File.WriteAllText(Path.Combine(staging, HashFile), artifactHash);
            File.WriteAllText(Path.Combine(staging, ReportFile), reportJson);
            if (companion is { } data)
            {
                File.Copy(data.Path, Path.Combine(staging, CompanionFile));
                File.WriteAllText(Path.Combine(staging, CompanionHashFile), data.Hash);
            }

            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }

            Directory.Move(staging, entry);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another run may have stored the same key a moment ago: the cache is an optimisation, never a failure.
            Unavailable($"the artifact could not be stored in the cache '{Root}': {ex.Message}");
        }
        finally
        {
            TryDeleteFolder(staging);
        }
    }

    private StagedFile? RestoreCompanion(CacheEntry entry, string target, CancellationToken cancellationToken)
    {
        try
        {
            string expected = File.ReadAllText(Path.Combine(entry.Folder, CompanionHashFile)).Trim();
            StagedFile staged;
            using (FileStream cached = File.OpenRead(Path.Combine(entry.Folder, CompanionFile)))
            {
                staged = StagedFile.Write(target, stream => cached.CopyTo(stream, 1 << 20), cancellationToken);
            }

            if (staged.Hash == expected)
            {
                return staged;
            }

            staged.Dispose();
            Corrupt(entry, "its artifact's external data does not match its hash");
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Corrupt(entry, $"its artifact's external data cannot be read: {ex.Message}");
            return null;
        }
    }

    private void Unavailable(string message) => _observer.Warning(CacheErrorCodes.Unavailable, message + "; the run goes on without the cache", SourceLocation.OfFile(Root));

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A staging folder left behind is never taken for an entry (its name is not a key).
        }
    }
}
