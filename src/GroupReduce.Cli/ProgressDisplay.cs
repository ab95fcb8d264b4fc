using GroupReduce.Core.Execution;
using Spectre.Console;

namespace GroupReduce.Cli;

/// <summary>
/// Runs a long piece of work with its progress on stderr: bars redrawn in place when stderr is a terminal, plain
/// throttled lines (<see cref="PlainObserver"/>) when it is redirected. stdout is left to the command's result.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/> with an observer that shows its progress.</summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="error">stderr, as the command was given it.</param>
    /// <param name="quiet">Show warnings only (no bars, no info lines).</param>
    /// <param name="work">The work, given the observer.</param>
    /// <returns>The work's result.</returns>
    public static T Run<T>(TextWriter error, bool quiet, Func<IRunObserver, T> work)
    {
        if (quiet || !Terminal.IsInteractive(error))
        {
            return work(new PlainObserver(error, quiet));
        }

        IAnsiConsole console = Terminal.For(error);
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var observer = new ProgressBarObserver(context, console);
                try
                {
                    result = work(observer);
                }
                finally
                {
                    observer.CompleteAll();
                }
            });
        return result;
    }
}
