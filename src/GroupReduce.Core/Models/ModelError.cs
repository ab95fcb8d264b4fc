using GroupReduce.Abstractions;

namespace GroupReduce.Core.Models;

/// <summary>Builds the <see cref="GroupReduceException"/>s the readers throw, so every message starts with the file's name.</summary>
internal static class ModelError
{
    /// <summary>An error about a file as a whole or a byte offset in it (named in <paramref name="message"/>).</summary>
    public static GroupReduceException InFile(string code, string path, string message, Exception? inner = null) =>
        new(code, $"{System.IO.Path.GetFileName(path)}: {message}", SourceLocation.OfFile(path), inner);

    /// <summary>An error at a line (and column) of a text file.</summary>
    public static GroupReduceException AtLine(string code, string path, long line, int column, string message) =>
        new(
            code,
            $"{System.IO.Path.GetFileName(path)}: line {line}: {message}",
            new SourceLocation(path, line > int.MaxValue ? 0 : (int)line, column));
}
