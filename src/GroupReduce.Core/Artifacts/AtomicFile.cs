using System.Text.RegularExpressions;
using GroupReduce.Abstractions;
using GroupReduce.Core.Execution;

namespace GroupReduce.Core.Artifacts;

/// <summary>
/// Writes a file through a temporary file in the same folder and renames it into place, so a failed or cancelled run
/// never leaves a half-written file under the final name (and the next build redoes the work). Also names those
/// temporary files and removes the ones a killed run left.
/// </summary>
internal static partial class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> atomically: a temporary file beside it, then a rename.</summary>
    /// <param name="path">The target.</param>
    /// <param name="write">Writes the content.</param>
    /// <param name="cancellationToken">Stops the write before the rename; the temporary file is removed.</param>
    public static void Write(string path, Action<Stream> write, CancellationToken cancellationToken)
    {
        using StagedFile staged = StagedFile.Write(path, write, cancellationToken);
        staged.Commit();
    }

    /// <summary>A new temporary name beside <paramref name="target"/>: <c>.NAME.&lt;32 hex&gt;.tmp</c>, hidden and never taken for the file itself.</summary>
    /// <param name="target">The full path of the target.</param>
    /// <returns>The temporary path.</returns>
    public static string TemporaryPath(string target) => ReplacedFile.TemporaryPath(target);

    /// <summary>
    /// Deletes the temporary files of <paramref name="target"/> (<see cref="TemporaryPath"/>'s pattern, exactly) that a run
    /// killed outright left behind. Only call it while holding the target's <see cref="OutputLock"/>: then no live run
    /// owns any of them.
    /// </summary>
    /// <param name="target">The full path of the target.</param>
    /// <returns>How many were removed.</returns>
    public static int RemoveStale(string target)
    {
        string folder = Path.GetDirectoryName(target) ?? ".";
        string name = Path.GetFileName(target);
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        int removed = 0;
        try
        {
            foreach (string file in Directory.EnumerateFiles(folder, $".{name}.*.tmp"))
            {
                string candidate = Path.GetFileName(file);
                if (candidate.Length == name.Length + 38 && candidate.StartsWith($".{name}.", StringComparison.Ordinal) && Suffix().IsMatch(candidate.AsSpan(name.Length + 2)) && TryDelete(file))
                {
                    removed++;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a folder that cannot be listed cannot be written either, and that fails with its own message.
        }

        return removed;
    }

    /// <summary>Creates the folder <paramref name="target"/> goes into, as other tools do for their output paths.</summary>
    /// <param name="target">The full path of the target.</param>
    public static void CreateFolder(string target)
    {
        string folder = Path.GetDirectoryName(target) ?? ".";
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GroupReduceException(PipelineErrorCodes.OutputUnwritable, $"cannot create the output folder '{folder}': {ex.Message}; choose another output path", SourceLocation.OfFile(target), ex);
        }
    }

    /// <summary>Deletes a file if it is there, ignoring failures.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Whether it is gone.</returns>
    public static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file is named so that it never passes for the artifact, and the next run removes it.
            return false;
        }
    }

    [GeneratedRegex("^[0-9a-f]{32}\\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex Suffix();
}
