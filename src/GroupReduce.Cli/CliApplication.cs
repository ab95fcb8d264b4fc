using System.CommandLine;

namespace GroupReduce.Cli;

/// <summary>The <c>groupreduce</c> command line: compress, sweep, eval, inspect, plugins.</summary>
internal static class CliApplication
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("groupreduce: make the vocabulary matrices of language models small enough to ship (GroupReduce, NeurIPS 2018).");
        root.Subcommands.Add(CompressCommand.Create(output, error));
        var probe = new SweepProbeOptions();
        root.Subcommands.Add(SweepCommand.Create(output, error, probe.Create, probe.All));
        root.Subcommands.Add(InspectCommand.Create(output, error));
        root.Subcommands.Add(EvalCommand.Create(output, error));
        root.Subcommands.Add(PluginsCommand.Create(output, error));
        ParseResult parsed = root.Parse(args);
        // Ctrl+C cancels the run's token; the pipeline stops at its next check and removes its temporary
        // file. The timeout only bounds how long a plugin that ignores cancellation can hold the exit.
        // InvokeAsync is the path on which System.CommandLine turns SIGINT into cancellation.
        return parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) }).GetAwaiter().GetResult();
    }
}
