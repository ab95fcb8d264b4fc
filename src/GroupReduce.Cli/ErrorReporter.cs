using GroupReduce.Abstractions;
using GroupReduce.Core.Execution;

namespace GroupReduce.Cli;

/// <summary>Turns whatever a command throws into one diagnostic line on stderr and an exit code — never a stack trace for bad input.</summary>
internal static class ErrorReporter
{
    /// <summary>What a cancelled command that writes nothing, or commits all it writes at its end, can truthfully say.</summary>
    public const string NothingWritten = "cancelled before anything was written; the output is as it was";

    public static int Run(Func<int> command, TextWriter error, bool verbose, string cancelled = NothingWritten)
    {
        try
        {
            return command();
        }
        catch (GroupReduceException ex)
        {
            error.WriteLine(ConsoleStyle.Error(ex.ToDiagnosticString(), ConsoleStyle.ColorFor(error)));
            return ExitCodes.UserError;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine(ConsoleStyle.Error($"groupreduce: error {PipelineErrorCodes.Cancelled}: {cancelled}", ConsoleStyle.ColorFor(error)));
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            error.WriteLine(ConsoleStyle.Error($"groupreduce: error GR0001: internal error: {ex.GetType().Name}: {ex.Message}", ConsoleStyle.ColorFor(error)));
            if (verbose)
            {
                error.WriteLine(ex.ToString());
            }
            else
            {
                error.WriteLine("groupreduce: run again with --verbose for the details, and please report it");
            }

            return ExitCodes.InternalError;
        }
    }
}
