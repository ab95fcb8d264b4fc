namespace GroupReduce.Abstractions.Plugins;

/// <summary>Where a plugin reports what the user should know: it reaches the console, the report and MSBuild.</summary>
public interface IPluginLog
{
    /// <summary>An informational line (shown with normal verbosity).</summary>
    /// <param name="message">The text.</param>
    void Info(string message);

    /// <summary>A warning with a code, e.g. an automatic fallback.</summary>
    /// <param name="code">The warning code (<c>GRnnnn</c>).</param>
    /// <param name="message">The text.</param>
    void Warning(string code, string message);
}
