using System.Security.Cryptography;
using System.Text;
using Microsoft.Build.Utilities;

namespace GroupReduce.Build;

/// <summary>
/// The opt-in content-addressed artifact cache (<c>GroupReduceCacheDirectory</c>). An entry is a folder named by the key
/// (SHA-256 of the model, the spec and the engine's files) holding <c>artifact</c>, <c>artifact.sha256</c> and <c>inputs</c>:
/// the other files the run read (frequency files, third-party plugins) with their hashes, relative to the spec's folder, so
/// that a hit also requires them to be unchanged. Entries are written to a temporary folder and renamed into place.
/// </summary>
internal sealed class ArtifactCache
{
    private readonly string _root;
    private readonly TaskLoggingHelper _log;

    public ArtifactCache(string root, TaskLoggingHelper log)
    {
        _root = Path.GetFullPath(root);
        _log = log;
    }

    /// <summary>The key, or null when an input cannot be read (the build then goes on without the cache).</summary>
    /// <remarks>
    /// Plugin files (from <c>GroupReducePlugin</c> items, usually in the NuGet packages folder) enter the key by their path
    /// relative to their plugin's folder, named by that folder, and their content: the key stays the same on a machine
    /// whose packages folder is elsewhere, and changes with any byte of a plugin or of what sits beside it.
    /// </remarks>
    public string? ComputeKey(string model, string spec, string toolAssembly, IEnumerable<string> toolFiles, IReadOnlyList<string> pluginFolders, IEnumerable<string> pluginFiles)
    {
        try
        {
            var text = new StringBuilder("groupreduce-cache-v1\n");
            text.Append("model ").Append(HashFile(model)).Append('\n');
            text.Append("spec ").Append(HashFile(spec)).Append('\n');
            string toolFolder = Path.GetDirectoryName(Path.GetFullPath(toolAssembly))!;
            foreach (string file in new[] { toolAssembly }.Concat(toolFiles).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).OrderBy(f => f, StringComparer.Ordinal))
            {
                text.Append("tool ").Append(Relative(toolFolder, file)).Append(' ').Append(HashFile(file)).Append('\n');
            }

            var pluginLines = new List<string>();
            foreach (string file in pluginFiles.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
            {
                // The deepest plugin folder holding the file names it, so nested plugin folders do not share entries.
                string folder = pluginFolders.Select(Path.GetFullPath)
                    .Where(f => file.StartsWith(f.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    .OrderByDescending(f => f.Length)
                    .FirstOrDefault() ?? Path.GetDirectoryName(file)!;
                pluginLines.Add("plugin " + Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar)) + "/" + Relative(folder, file).Replace(Path.DirectorySeparatorChar, '/') + " " + HashFile(file));
            }

            foreach (string line in pluginLines.OrderBy(l => l, StringComparer.Ordinal))
            {
                text.Append(line).Append('\n');
            }

            return Hex(Hash(Encoding.UTF8.GetBytes(text.ToString())));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning(null, BuildErrorCodes.CacheUnavailable, null, model, 0, 0, 0, 0, $"the GroupReduce cache is not used for this model: {ex.Message}");
            return null;
        }
    }

    /// <summary>Copies a valid entry's artifact to <paramref name="artifact"/> and writes the dependency file; false on a miss.</summary>
    public bool TryRestore(string key, string spec, string artifact, string depFile, string model)
    {
        string entry = Path.Combine(_root, key);
        string cached = Path.Combine(entry, "artifact");
        try
        {
            if (!File.Exists(cached))
            {
                return false;
            }

            string specFolder = Path.GetDirectoryName(spec)!;
            var inputs = new List<string>();
            foreach (string line in File.ReadAllLines(Path.Combine(entry, "inputs")).Where(l => l.Length > 0))
            {
                int space = line.IndexOf(' ');
                string path = Path.GetFullPath(Path.Combine(specFolder, line.Substring(space + 1)));
                if (!File.Exists(path) || HashFile(path) != line.Substring(0, space))
                {
                    return false;
                }

                inputs.Add(path);
            }

            string expected = File.ReadAllText(Path.Combine(entry, "artifact.sha256")).Trim();
            if (HashFile(cached) != expected)
            {
                _log.LogWarning(null, BuildErrorCodes.CacheEntryCorrupt, null, model, 0, 0, 0, 0, $"the GroupReduce cache entry '{entry}' is corrupt (its artifact does not match its hash); it is ignored and rewritten");
                return false;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(artifact)!);
            string temporary = artifact + ".cache.tmp";
            File.Copy(cached, temporary, overwrite: true);
            Replace(temporary, artifact);
            string depTemporary = depFile + ".tmp";
            File.WriteAllLines(depTemporary, new[] { "# groupreduce dependency file v1: restored from the cache", model, spec }.Concat(inputs));
            Replace(depTemporary, depFile);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning(null, BuildErrorCodes.CacheUnavailable, null, model, 0, 0, 0, 0, $"the GroupReduce cache entry '{entry}' could not be read: {ex.Message}");
            return false;
        }
    }

    /// <summary>Stores a fresh artifact under <paramref name="key"/>, replacing an existing (e.g. corrupt) entry.</summary>
    /// <remarks>Files under <paramref name="keyedFolders"/> (the engine's and the plugins') are in the key already, so the entry does not list them.</remarks>
    public void Store(string key, string spec, string artifact, string depFile, string model, IReadOnlyList<string> keyedFolders)
    {
        string entry = Path.Combine(_root, key);
        string staging = Path.Combine(_root, ".tmp-" + Guid.NewGuid().ToString("N"));
        try
        {
            string specFolder = Path.GetDirectoryName(spec)!;
            string[] keyedPrefixes = keyedFolders.Select(f => Path.GetFullPath(f).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar).ToArray();
            IEnumerable<string> others = DependencyFileReader.Read(depFile)
                .Where(p => p != model && p != spec && !keyedPrefixes.Any(prefix => p.StartsWith(prefix, StringComparison.Ordinal)));
            Directory.CreateDirectory(staging);
            File.WriteAllLines(Path.Combine(staging, "inputs"), others.Select(p => HashFile(p) + " " + Relative(specFolder, p)));
            File.Copy(artifact, Path.Combine(staging, "artifact"));
            File.WriteAllText(Path.Combine(staging, "artifact.sha256"), HashFile(artifact));
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }

            Directory.Move(staging, entry);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another build may have stored the same key a moment ago: the cache is an optimisation, never a failure.
            _log.LogWarning(null, BuildErrorCodes.CacheUnavailable, null, model, 0, 0, 0, 0, $"the artifact could not be stored in the GroupReduce cache '{_root}': {ex.Message}");
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static void Replace(string source, string destination)
    {
        // netstandard2.0 has no File.Move(overwrite): File.Replace swaps atomically when the destination exists.
        if (File.Exists(destination))
        {
            File.Replace(source, destination, null);
        }
        else
        {
            File.Move(source, destination);
        }
    }

    private static string Relative(string folder, string path)
    {
        Uri from = new(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar);
        return Uri.UnescapeDataString(from.MakeRelativeUri(new Uri(path)).ToString()).Replace('/', Path.DirectorySeparatorChar);
    }

    private static string HashFile(string path)
    {
        using FileStream stream = File.OpenRead(path);
        using SHA256 sha = SHA256.Create();
        return Hex(sha.ComputeHash(stream));
    }

    private static byte[] Hash(byte[] bytes)
    {
        using SHA256 sha = SHA256.Create();
        return sha.ComputeHash(bytes);
    }

    private static string Hex(byte[] bytes) => BitConverter.ToString(bytes).Replace("-", string.Empty).ToLowerInvariant();
}
