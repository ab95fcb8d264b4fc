using System.CommandLine;
using System.CommandLine.Invocation;
using GroupReduce.Core.Execution;

namespace GroupReduce.Cli;

/// <summary>
/// <c>groupreduce --version</c>: prints <see cref="ToolVersion.Current"/>, the version an artifact's manifest records as
/// <c>tool.version</c> and the same as the packages' of that build (docs/packages.md#versions). System.CommandLine's own
/// action would print the entry assembly's informational version, with its +commit suffix, and in process (tests, the
/// fuzz harness) the host's rather than ours.
/// </summary>
internal sealed class VersionAction(TextWriter output) : SynchronousCommandLineAction
{
    /// <summary>Makes the root command's version option print the engine's version to <paramref name="output"/>.</summary>
    /// <param name="root">The root command, with its default <see cref="VersionOption"/>.</param>
    /// <param name="output">Where the version goes (stdout).</param>
    public static void Replace(RootCommand root, TextWriter output)
    {
        foreach (VersionOption option in root.Options.OfType<VersionOption>())
        {
            option.Action = new VersionAction(output);
        }
    }

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        output.WriteLine(ToolVersion.Current);
        return ExitCodes.Ok;
    }
}
