namespace GroupReduce.Core.Artifacts;

/// <summary>
/// Tells whether two paths name one file, so that no output of a run can be one of its inputs under another name:
/// through a symlink (of the file or of a folder above it), a hard link, <c>..</c> or a different letter case where the
/// file system ignores case.
/// </summary>
internal static class FileIdentity
{
    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> are the same file.</summary>
    /// <remarks>
    /// Where both exist and the platform gives device and inode numbers (Linux, macOS), those decide: that catches hard
    /// links, which no path comparison can. Otherwise the full paths are compared after resolving every link in them. A
    /// path that does not exist yet cannot be a hard link to one that does, so the path comparison is enough then.
    /// </remarks>
    public static bool Same(string a, string b)
    {
        if (UnixFileStatus.OfPath(a) is { } x && UnixFileStatus.OfPath(b) is { } y)
        {
            return x == y;
        }

        return string.Equals(Resolve(a), Resolve(b), PathComparison);
    }

    /// <summary>The full path with every symbolic link in it (the file's own and its folders') resolved, as far as they resolve.</summary>
    public static string Resolve(string path) => Resolve(Path.GetFullPath(path), depth: 0);

    private static string Resolve(string full, int depth)
    {
        string? parent = Path.GetDirectoryName(full);
        if (parent is null || depth > 64)
        {
            return full;
        }

        string candidate = Path.Combine(Resolve(parent, depth + 1), Path.GetFileName(full));
        FileSystemInfo? target;
        try
        {
            target = new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A link loop or an unreadable link: compare the path as written.
            return candidate;
        }

        return target is null ? candidate : Resolve(Path.GetFullPath(target.FullName), depth + 1);
    }
}
