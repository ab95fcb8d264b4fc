using GroupReduce.Abstractions;

namespace GroupReduce.Core.Execution;

/// <summary>Receives what a compression run has to say while it runs: the CLI shows it, the build forwards it.</summary>
public interface IRunObserver
{
    /// <summary>A line worth showing at normal verbosity.</summary>
    /// <param name="message">The text.</param>
    void Info(string message);

    /// <summary>A warning with a code and, when known, the place that caused it.</summary>
    /// <param name="code">The warning code.</param>
    /// <param name="message">The text.</param>
    /// <param name="location">The place, if any.</param>
    void Warning(string code, string message, SourceLocation? location);

    /// <summary>Progress of a long step.</summary>
    /// <param name="stage">What is running.</param>
    /// <param name="done">Units done.</param>
    /// <param name="total">Units in all.</param>
    void Progress(string stage, long done, long total);
}
