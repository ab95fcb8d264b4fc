using GroupReduce.Abstractions;

namespace GroupReduce.Core.Tokenizers;

/// <summary>Reads a tokenizer file whole, under a size cap, turning every I/O failure into GR2120 with the file named.</summary>
internal static class TokenizerInput
{
    /// <summary>The largest tokenizer file read (the largest published tokenizer.json files are tens of MB).</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Reads the file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="namedAt">Where the spec named it, if it did.</param>
    /// <returns>The bytes.</returns>
    public static byte[] ReadAll(string path, SourceLocation? namedAt)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw Unreadable(path, namedAt, Directory.Exists(path) ? "is a folder, not a file" : "does not exist", "give the path of tokenizer.json, tokenizer.model, vocab.json or a .tiktoken file");
            }

            if (info.Length > MaxFileBytes)
            {
                throw Unreadable(path, namedAt, $"is {info.Length:N0} bytes, over the {MaxFileBytes:N0}-byte limit for a tokenizer", "check that the path names the tokenizer, not the model");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, namedAt, $"cannot be read ({ex.Message})", "check the path and its permissions");
        }
    }

    /// <summary>
    /// Whether an exception is the tokenizer library refusing its input: it throws many types (ArgumentException,
    /// InvalidOperationException, NotSupportedException, KeyNotFoundException, FormatException, protobuf and JSON
    /// exceptions, a regex timeout) for a damaged or unusual file, and each must become a GR error naming the file.
    /// Our own errors, cancellation and running out of memory pass through.
    /// </summary>
    /// <param name="ex">The exception.</param>
    /// <returns>True to wrap it.</returns>
    public static bool IsLibraryFailure(Exception ex) => ex is not (GroupReduceException or OperationCanceledException or OutOfMemoryException);

    /// <summary>A GR2121 error naming the file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="problem">What is wrong, as a clause.</param>
    /// <param name="namedAt">Where the spec named it.</param>
    /// <param name="inner">The library's exception, if any.</param>
    /// <returns>The exception to throw.</returns>
    public static GroupReduceException Malformed(string path, string problem, SourceLocation? namedAt, Exception? inner = null) =>
        new(TokenizerErrorCodes.Malformed, $"the tokenizer '{path}' {problem}; use the tokenizer file the model was published with", namedAt ?? SourceLocation.OfFile(path), inner);

    private static GroupReduceException Unreadable(string path, SourceLocation? namedAt, string problem, string fix) =>
        new(TokenizerErrorCodes.Unreadable, $"the tokenizer '{path}' {problem}; {fix}", namedAt ?? SourceLocation.OfFile(path));
}
