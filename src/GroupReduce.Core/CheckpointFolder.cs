using System.Linq;

namespace GroupReduce.Core;

/// <summary>
/// Which file of a Hugging Face checkpoint folder is the model: its one <c>*.safetensors.index.json</c> (a sharded
/// checkpoint), else its <c>model.safetensors</c>. The engine opens a folder this way, and the MSBuild task (which
/// compiles this very file in, as it does <see cref="OutputNames"/>) uses the same file as the build's input, so a folder
/// item is incremental on the file the engine reads.
/// </summary>
/// <remarks>Written for netstandard2.0 as well as .NET 10.</remarks>
public static class CheckpointFolder
{
    /// <summary>A sharded checkpoint's index suffix.</summary>
    public const string IndexSuffix = ".safetensors.index.json";

    /// <summary>The single-file checkpoint's name.</summary>
    public const string SingleFile = "model.safetensors";

    /// <summary>The indexes in a folder, in ordinal order (one is a sharded checkpoint; several are ambiguous).</summary>
    /// <param name="folder">The folder (full path).</param>
    /// <returns>Full paths.</returns>
    public static string[] Indexes(string folder) =>
        Directory.EnumerateFiles(folder, "*" + IndexSuffix)
            .Where(f => f.EndsWith(IndexSuffix, StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToArray();

    /// <summary>The model file of a checkpoint folder: its one index, else <see cref="SingleFile"/>; null when it has neither or several indexes.</summary>
    /// <param name="folder">The folder (full path).</param>
    /// <returns>The file's full path, or null.</returns>
    public static string? ModelFile(string folder)
    {
        string[] indexes = Indexes(folder);
        if (indexes.Length == 1)
        {
            return indexes[0];
        }

        string single = Path.Combine(folder, SingleFile);
        return indexes.Length == 0 && File.Exists(single) ? single : null;
    }
}
