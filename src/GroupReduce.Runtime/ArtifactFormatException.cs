namespace GroupReduce.Runtime;

/// <summary>
/// An artifact cannot be used: it is not a GroupReduce artifact, was written in a format version this
/// library does not read, or its header, manifest or tensors disagree with each other or with the file.
/// </summary>
public sealed class ArtifactFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The error code (<c>GR2040</c> corrupt, <c>GR2041</c> not an artifact, <c>GR2042</c> unknown format version, <c>GR2043</c> no recognisable head, <c>GR2044</c> a tensor too large to read into memory).</param>
    /// <param name="path">The artifact's path.</param>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ArtifactFormatException(string code, string path, string message, Exception? innerException = null)
        : base($"{System.IO.Path.GetFileName(path)}: error {code}: {message}", innerException)
    {
        Code = code;
        Path = path;
        Detail = message;
    }

    /// <summary>What is wrong and how to fix it, without the file name and code that <see cref="Exception.Message"/> starts with.</summary>
    public string Detail { get; }

    /// <summary>The error code.</summary>
    public string Code { get; }

    /// <summary>The artifact's path.</summary>
    public string Path { get; }
}
