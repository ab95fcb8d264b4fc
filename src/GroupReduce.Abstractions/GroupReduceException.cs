namespace GroupReduce.Abstractions;

/// <summary>
/// An error the user can act on: it carries a code (<c>GR1xxx</c> spec, <c>GR2xxx</c> model files,
/// <c>GR3xxx</c> plugins, <c>GR4xxx</c> numerics, <c>GR5xxx</c> build) and, where known, the place in a
/// file that caused it. Front ends print it as <c>path(line,col): error GR1234: message</c> with no stack trace.
/// </summary>
public class GroupReduceException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="code">The error code, e.g. <c>GR1001</c>.</param>
    /// <param name="message">What went wrong, where, and how to fix it.</param>
    /// <param name="location">The file place that caused it, if any.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public GroupReduceException(string code, string message, SourceLocation? location = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        Code = code;
        Location = location;
    }

    /// <summary>The error code.</summary>
    public string Code { get; }

    /// <summary>The file place that caused the error, when known.</summary>
    public SourceLocation? Location { get; }

    /// <summary>The canonical one-line form: <c>path(line,col): error GR1234: message</c>.</summary>
    /// <returns>The formatted diagnostic.</returns>
    public string ToDiagnosticString()
    {
        string prefix = Location is { } at ? $"{at}: " : "groupreduce: ";
        return $"{prefix}error {Code}: {Message}";
    }
}
