using GroupReduce.Abstractions;

namespace GroupReduce.Cli;

/// <summary>The canonical diagnostic line that MSBuild and IDEs turn into an error or warning at a file place.</summary>
internal static class Diagnostics
{
    public static string Warning(string code, string message, SourceLocation? location) =>
        $"{(location is { } at ? at.ToString() : "groupreduce")}: warning {code}: {message}";
}
