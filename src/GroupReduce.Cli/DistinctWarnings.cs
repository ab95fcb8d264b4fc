using GroupReduce.Abstractions;

namespace GroupReduce.Cli;

/// <summary>
/// Writes each distinct warning (code and message) to <paramref name="error"/> once, for observers of commands that
/// run the engine many times (sweep, tune), where the same warning would otherwise repeat for every run.
/// </summary>
/// <param name="error">Where the warnings go.</param>
internal sealed class DistinctWarnings(TextWriter error)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>The lock a warning is recorded and written under; the observer takes it for its own lines too, so they never interleave.</summary>
    public object Gate { get; } = new();

    public void Write(string code, string message, SourceLocation? location)
    {
        lock (Gate)
        {
            if (_seen.Add($"{code} {message}"))
            {
                error.WriteLine(Diagnostics.Warning(code, message, location));
            }
        }
    }
}
