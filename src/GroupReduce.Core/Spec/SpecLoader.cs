using GroupReduce.Abstractions;
using GroupReduce.Core.Spec.Reading;
using GroupReduce.Core.Spec.Yaml;

namespace GroupReduce.Core.Spec;

/// <summary>
/// Loads a compression spec (<c>groupreduce.yaml</c>, version 1) strictly: unknown or duplicate keys,
/// wrong types, missing keys and invalid values are all errors. Every error is a
/// <see cref="GroupReduceException"/> with a <see cref="SpecErrorCodes"/> code and the line and column
/// of the offending key or value. Plugin option blocks are converted, not validated: the plugin that
/// owns them validates them. docs/spec.md documents every key.
/// </summary>
public static class SpecLoader
{
    /// <summary>Reads and validates a spec file.</summary>
    /// <param name="path">The spec file. Relative paths inside it are resolved against its folder.</param>
    /// <returns>The validated spec.</returns>
    /// <exception cref="GroupReduceException">The file cannot be read, or the spec is invalid.</exception>
    public static CompressionSpec Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text = ReadText(path);
        return Parse(text, path);
    }

    /// <summary>The largest spec file read (a spec is a few kilobytes).</summary>
    public const long MaxSpecBytes = 16 << 20;

    // Only a regular file is opened (opening a FIFO blocks until a writer comes; a device never ends),
    // and only up to the cap.
    private static string ReadText(string path)
    {
        if (Models.Mapping.RegularFile.Problem(path) is { } kind)
        {
            throw new GroupReduceException(
                SpecErrorCodes.SpecFileUnreadable,
                $"the spec path '{path}' is {kind}, not a regular file, so it cannot be read; name the spec file itself (a symbolic link to one is fine)",
                SourceLocation.OfFile(path));
        }

        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            if (stream.Length > MaxSpecBytes)
            {
                throw new GroupReduceException(
                    SpecErrorCodes.SpecFileTooLarge,
                    $"the spec file '{path}' holds {stream.Length} bytes, over the {MaxSpecBytes >> 20} MiB limit for a spec; it was not read. Check that the path names a spec",
                    SourceLocation.OfFile(path));
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new GroupReduceException(
                SpecErrorCodes.SpecFileUnreadable,
                $"the spec file '{path}' does not exist; create it (see docs/spec.md) or pass the right path",
                SourceLocation.OfFile(path),
                ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new GroupReduceException(
                SpecErrorCodes.SpecFileUnreadable,
                $"the spec file '{path}' cannot be read: {ex.Message}",
                SourceLocation.OfFile(path),
                ex);
        }

        try
        {
            return Models.StrictUtf8.Encoding.GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            int at = ex.Index < 0 ? 0 : ex.Index;
            int line = 1 + bytes.AsSpan(0, Math.Min(at, bytes.Length)).Count((byte)'\n');
            throw new GroupReduceException(
                SpecErrorCodes.SpecNotUtf8,
                $"the spec is not valid UTF-8 (byte {at}); save it as UTF-8",
                new SourceLocation(path, line, 1),
                ex);
        }
    }

    /// <summary>Validates spec text.</summary>
    /// <param name="text">The spec's YAML text.</param>
    /// <param name="path">
    /// The spec's path: named in every error, and its folder is the one relative paths in the spec are
    /// resolved against (a relative <paramref name="path"/> is taken from the current directory).
    /// </param>
    /// <returns>The validated spec.</returns>
    /// <exception cref="GroupReduceException">The spec is invalid.</exception>
    public static CompressionSpec Parse(string text, string path) => Parse(text, path, null);

    /// <summary>Validates spec text and lists the paths it writes, as written and where (relative ones depend on the spec's folder).</summary>
    /// <param name="text">The spec's YAML text.</param>
    /// <param name="path">The spec's path, as for <see cref="Parse(string, string)"/>.</param>
    /// <param name="writtenPaths">Receives every path value as written, with its location; null for none.</param>
    /// <returns>The validated spec.</returns>
    internal static CompressionSpec Parse(string text, string path, List<SpecValue<string>>? writtenPaths)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(path);

        // YamlDotNet would keep a byte order mark as part of the first key and shift its columns.
        string yaml = text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        string baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Path.GetPathRoot(Path.GetFullPath(path))!;
        SpecNode root = SpecYamlParser.Parse(yaml, path);
        return SpecDocumentReader.Read(root, path, text, new SpecPaths(baseDirectory) { Written = writtenPaths });
    }
}
