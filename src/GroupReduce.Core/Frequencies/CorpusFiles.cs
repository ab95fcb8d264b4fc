using GroupReduce.Abstractions;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Frequencies;

/// <summary>
/// Turns corpus arguments into files, as the spec's <c>frequencies.path</c> does for <c>source: corpus</c>: each item is a
/// file or a pattern with <c>*</c> or <c>?</c> in its file name only (<c>corpus/*.txt</c>), matched files taken in ordinal
/// order, each file once.
/// </summary>
public static class CorpusFiles
{
    /// <summary>Expands the items.</summary>
    /// <param name="items">Files and patterns, relative to <paramref name="baseDirectory"/> or absolute.</param>
    /// <param name="baseDirectory">The folder relative items are read from.</param>
    /// <returns>Full paths, in order. A plain file is kept even if it does not exist: counting reports it (GR2130).</returns>
    /// <exception cref="GroupReduceException">GR2134 no items, a pattern matching nothing, or a wildcard in a folder name.</exception>
    public static IReadOnlyList<string> Expand(IEnumerable<string> items, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string item in items)
        {
            string full = Path.GetFullPath(Path.Combine(baseDirectory, item));
            if (!CorpusPattern.IsPattern(full))
            {
                if (seen.Add(full))
                {
                    files.Add(full);
                }

                continue;
            }

            if (CorpusPattern.HasFolderWildcard(full))
            {
                throw new GroupReduceException(CorpusErrorCodes.NoFiles, $"'{item}' has a wildcard in a folder name; only the file name may hold * or ? (e.g. 'corpus/*.txt')");
            }

            IReadOnlyList<string> matches = CorpusPattern.Matches(full);
            if (matches.Count == 0)
            {
                throw new GroupReduceException(CorpusErrorCodes.NoFiles, $"'{item}' ('{full}') matches no file; check the path and the pattern");
            }

            files.AddRange(matches.Where(seen.Add));
        }

        if (files.Count == 0)
        {
            throw new GroupReduceException(CorpusErrorCodes.NoFiles, "no corpus file was given; name at least one text file");
        }

        return files;
    }
}
