namespace GroupReduce.Core.Spec;

/// <summary>
/// What a corpus path means, for the spec's <c>frequencies.path</c> and for <c>groupreduce counts</c> alike: a file, or a
/// pattern with <c>*</c>/<c>?</c> in its file name only, matching files of that folder (not below it) in ordinal order.
/// Each caller turns "no match" into its own error.
/// </summary>
public static class CorpusPattern
{
    /// <summary>Whether the path's file name holds a wildcard.</summary>
    /// <param name="fullPath">The absolute path or pattern.</param>
    /// <returns>True for a pattern.</returns>
    public static bool IsPattern(string fullPath) => Path.GetFileName(fullPath).IndexOfAny(['*', '?']) >= 0;

    /// <summary>Whether a folder part of the path holds a wildcard (not supported).</summary>
    /// <param name="fullPath">The absolute path or pattern.</param>
    /// <returns>True when it does.</returns>
    public static bool HasFolderWildcard(string fullPath) => (Path.GetDirectoryName(fullPath) ?? string.Empty).IndexOfAny(['*', '?']) >= 0;

    /// <summary>The files a pattern matches, in ordinal order; empty when its folder does not exist.</summary>
    /// <param name="fullPattern">The absolute pattern (<see cref="IsPattern"/>, without <see cref="HasFolderWildcard"/>).</param>
    /// <returns>Full paths.</returns>
    public static IReadOnlyList<string> Matches(string fullPattern)
    {
        string folder = Path.GetDirectoryName(fullPattern) ?? ".";
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, Path.GetFileName(fullPattern), new EnumerationOptions { MatchType = MatchType.Simple, RecurseSubdirectories = false }).Order(StringComparer.Ordinal)]
            : [];
    }
}
