using GroupReduce.Abstractions;

namespace GroupReduce.Core.Execution;

/// <summary>An observer that ignores everything (tests, library use).</summary>
public sealed class NullRunObserver : IRunObserver
{
    /// <summary>The shared instance.</summary>
    public static NullRunObserver Instance { get; } = new();

    /// <inheritdoc />
    public void Info(string message)
    {
    }

    /// <inheritdoc />
    public void Warning(string code, string message, SourceLocation? location)
    {
    }

    /// <inheritdoc />
    public void Progress(string stage, long done, long total)
    {
    }
}
