namespace GroupReduce.Build;

/// <summary>Reads the dependency file that <c>groupreduce compress --depfile</c> wrote on the previous run.</summary>
internal static class DependencyFileReader
{
    /// <summary>The paths the file lists, or none when there is no file yet (the first build) or it cannot be read.</summary>
    /// <param name="path">The dependency file.</param>
    /// <returns>Absolute paths, in file order.</returns>
    public static IReadOnlyList<string> Read(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return [];
            }

            return File.ReadAllLines(path)
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && line[0] != '#')
                .ToList();
        }
        catch (IOException)
        {
            // An unreadable depfile only costs precision: the artifact is rebuilt whenever the model or spec changes.
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
