using GroupReduce.Abstractions;
using GroupReduce.Runtime;

namespace GroupReduce.Core.Evaluation;

/// <summary>Opens an artifact with the runtime library, reporting a damaged one as the engine reports every input error.</summary>
internal static class ArtifactOpener
{
    /// <summary>Opens and validates an artifact.</summary>
    /// <param name="path">The artifact.</param>
    /// <returns>The opened model.</returns>
    /// <exception cref="GroupReduceException">The file is not a usable artifact (its GR2040–GR2042 code and the file).</exception>
    public static CompressedModel Open(string path)
    {
        try
        {
            return CompressedModel.Open(path);
        }
        catch (ArtifactFormatException ex)
        {
            throw new GroupReduceException(ex.Code, $"{Path.GetFileName(path)}: {ex.Detail}", SourceLocation.OfFile(path), ex);
        }
    }
}
