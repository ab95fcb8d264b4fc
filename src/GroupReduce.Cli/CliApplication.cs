using System.CommandLine;

namespace GroupReduce.Cli;

/// <summary>The <c>groupreduce</c> command line: compress, sweep, tune, eval, export, counts, inspect, plugins.</summary>
internal static class CliApplication
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("groupreduce: make the vocabulary matrices of language models small enough to ship (GroupReduce, NeurIPS 2018).");
        root.Subcommands.Add(CompressCommand.Create(output, error));
        var probe = new SweepProbeOptions();
        root.Subcommands.Add(SweepCommand.Create(output, error, probe.Create, probe.All));
        root.Subcommands.Add(TuneCommand.Create(output, error));
        root.Subcommands.Add(InspectCommand.Create(output, error));
        root.Subcommands.Add(EvalCommand.Create(output, error));
        root.Subcommands.Add(ExportCommand.Create(output, error));
        root.Subcommands.Add(CountsCommand.Create(output, error));
        root.Subcommands.Add(PluginsCommand.Create(output, error));
        Option<bool> noColor = CommonOptions.NoColor();
        root.Options.Add(noColor);
        VersionAction.Replace(root, output);
        ParseResult parsed = root.Parse(args);
        if (parsed.GetValue(noColor))
        {
            ConsoleStyle.DisableByFlag();
        }

        if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
        {
            return ReportUsageErrors(parsed, error);
        }

        // Ctrl+C cancels the run's token; the pipeline stops at its next check and removes its temporary
        // file. The timeout only bounds how long a plugin that ignores cancellation can hold the exit.
        // InvokeAsync is the path on which System.CommandLine turns SIGINT into cancellation.
        return parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) }).GetAwaiter().GetResult();
    }

    // In the canonical diagnostic form, so that the build and scripts see a code: one line per error, then where to look.
    private static int ReportUsageErrors(ParseResult parsed, TextWriter error)
    {
        foreach (System.CommandLine.Parsing.ParseError parseError in parsed.Errors)
        {
            bool unknown = parsed.UnmatchedTokens.Any(token => parseError.Message.Contains($"'{token}'", StringComparison.Ordinal));
            string code = unknown ? CommandLineErrorCodes.UnknownArgument : CommandLineErrorCodes.InvalidArgument;
            error.WriteLine(ConsoleStyle.Error($"groupreduce: error {code}: {parseError.Message.TrimEnd('.')}", ConsoleStyle.ColorFor(error)));
        }

        string command = string.Join(' ', parsed.CommandResult.Command.Parents.OfType<Command>().Reverse().Skip(1).Select(c => c.Name).Append(parsed.CommandResult.Command.Name));
        error.WriteLine($"groupreduce: run 'groupreduce {(parsed.CommandResult.Command is RootCommand ? string.Empty : command + " ")}--help' for the options");
        return ExitCodes.UserError;
    }
}
