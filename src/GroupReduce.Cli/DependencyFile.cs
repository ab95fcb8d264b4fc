namespace GroupReduce.Cli;

/// <summary>
/// The dependency file <c>compress --depfile</c> writes after a successful run: every file the run read, as the engine
/// reports them (<c>CompressionReport.Inputs</c>, nothing derived here), so that the MSBuild task can make them its
/// target's inputs on the next build (as protoc's <c>.protodep</c> does for Grpc.Tools).
/// </summary>
/// <remarks>Format: UTF-8 text, a first line starting with <c>#</c>, then one absolute path per line.</remarks>
internal static class DependencyFile
{
    /// <summary>The first line; readers skip lines that start with <c>#</c>.</summary>
    public const string Header = "# groupreduce dependency file v1: the files a compress run read, one absolute path a line";

    /// <summary>Writes the file atomically (a temporary file in the same folder, then a rename), so a reader never sees half of it.</summary>
    /// <param name="path">Where to write it.</param>
    /// <param name="files">The paths to list.</param>
    public static void Write(string path, IReadOnlyList<string> files)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllLines(temporary, [Header, .. files]);
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
