using GroupReduce.Abstractions;
using GroupReduce.Core.Models;

namespace GroupReduce.Core.Export;

/// <summary>The errors about an export's output path, worded once.</summary>
internal static class ExportOutput
{
    /// <summary>The output cannot be used as it is.</summary>
    /// <param name="path">The output path.</param>
    /// <param name="problem">What is wrong and what to do, after the path.</param>
    /// <returns>A <see cref="ModelErrorCodes.ExportOutputInvalid"/> error.</returns>
    public static GroupReduceException Invalid(string path, string problem) =>
        new(ModelErrorCodes.ExportOutputInvalid, $"the export output '{path}' {problem}.", SourceLocation.OfFile(path));
}
