using System.Runtime.InteropServices;
using System.Runtime.Loader;
using GroupReduce.Core.Execution;

namespace GroupReduce.Cli;

/// <summary>
/// The dependency file <c>compress --depfile</c> writes after a successful run: every file the run read, so that the
/// MSBuild task can make them its target's inputs on the next build (as protoc's <c>.protodep</c> does for Grpc.Tools).
/// </summary>
/// <remarks>
/// Format: UTF-8 text, a first line starting with <c>#</c>, then one absolute path per line. Assemblies of the shared
/// framework are left out: they change only with the runtime, and listing them would make every build check ~100 files.
/// </remarks>
internal static class DependencyFile
{
    /// <summary>The first line; readers skip lines that start with <c>#</c>.</summary>
    public const string Header = "# groupreduce dependency file v1: the files a compress run read, one absolute path a line";

    /// <summary>Collects the files a compress run read: the data files the engine reads and every assembly now loaded in any load context.</summary>
    /// <param name="request">The run.</param>
    /// <returns>Distinct absolute paths, data files first, in a stable order.</returns>
    public static IReadOnlyList<string> Collect(CompressionRequest request)
    {
        // The engine's own list, the one it protects from being overwritten: a quality target's data files included.
        IEnumerable<string> data = CompressionInputs.Of(request).Select(input => input.Path);

        // Plugins load into their own contexts (McMaster.NETCore.Plugins), so walk every context, not just the default one.
        string runtimeDirectory = Path.GetFullPath(RuntimeEnvironment.GetRuntimeDirectory());
        IEnumerable<string> assemblies = AssemblyLoadContext.All
            .SelectMany(context => context.Assemblies)
            .Select(assembly => assembly.IsDynamic ? string.Empty : assembly.Location)
            .Where(location => location.Length > 0 && !Path.GetFullPath(location).StartsWith(runtimeDirectory, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        return data.Select(Path.GetFullPath).Concat(assemblies.Select(Path.GetFullPath)).Distinct(StringComparer.Ordinal).ToList();
    }

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
