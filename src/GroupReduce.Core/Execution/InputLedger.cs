using System.Collections.Concurrent;

namespace GroupReduce.Core.Execution;

/// <summary>
/// The content hashes of one run's inputs, each file read once however many parts of the run ask (the manifest, every
/// trial of a quality target, the cache key, the inputs the run reports).
/// </summary>
internal sealed class InputLedger
{
    private readonly ConcurrentDictionary<string, Lazy<string>> _hashes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _found = new(StringComparer.Ordinal);

    /// <summary>Inputs the run found as it went (an ONNX model's external data files), by path, each with its role.</summary>
    public IEnumerable<(string Role, string Path)> Discovered => _found.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Value, f.Key));

    /// <summary>Records an input the request does not name but the run read (the report lists it; hashed when it does).</summary>
    /// <param name="role">What it is to the run.</param>
    /// <param name="path">The file.</param>
    public void Discover(string role, string path) => _found.TryAdd(Path.GetFullPath(path), role);

    /// <summary>The hash of a file, read on the first request.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Stops the read (a cancelled read is not remembered).</param>
    /// <returns>The hash text.</returns>
    public string HashOf(string path, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(path);
        Lazy<string> hash = _hashes.GetOrAdd(full, file => new Lazy<string>(() => InputHash.OfFile(file, cancellationToken)));
        try
        {
            return hash.Value;
        }
        catch
        {
            // A failed or cancelled read must not answer the next request: that one may be allowed to finish.
            _hashes.TryRemove(KeyValuePair.Create(full, hash));
            throw;
        }
    }

    /// <summary>The file with its role and hash.</summary>
    /// <param name="role">What it is to the run.</param>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The input.</returns>
    public RunInput Input(string role, string path, CancellationToken cancellationToken) => new(role, Path.GetFullPath(path), HashOf(path, cancellationToken));
}
