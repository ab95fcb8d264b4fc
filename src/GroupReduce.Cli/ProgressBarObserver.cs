using GroupReduce.Abstractions;
using GroupReduce.Core.Execution;
using Spectre.Console;

namespace GroupReduce.Cli;

/// <summary>
/// Progress bars redrawn in place on a terminal's stderr (Spectre.Console). Info and warning lines are written as they
/// come, through the same console, which prints them above the bars.
/// </summary>
internal sealed class ProgressBarObserver(ProgressContext context, IAnsiConsole console) : IRunObserver
{
    private readonly Dictionary<string, ProgressTask> _tasks = [];
    private readonly object _gate = new();

    public void Info(string message)
    {
        lock (_gate)
        {
            console.Write(new Text(TerminalText.Printable(message) + Environment.NewLine, new Style(decoration: Decoration.Dim)));
        }
    }

    public void Warning(string code, string message, SourceLocation? location)
    {
        lock (_gate)
        {
            console.Write(new Text(Diagnostics.Warning(code, message, location) + Environment.NewLine, new Style(Color.Yellow)));
        }
    }

    public void Progress(string stage, long done, long total)
    {
        if (total <= 0)
        {
            return;
        }

        lock (_gate)
        {
            if (!_tasks.TryGetValue(stage, out ProgressTask? task))
            {
                task = context.AddTask(Markup.Escape(TerminalText.Printable(stage)), maxValue: total);
                _tasks[stage] = task;
            }

            task.MaxValue = total;
            task.Value = Math.Min(done, total);
            if (done >= total)
            {
                task.StopTask();
            }
        }
    }

    public void CompleteAll()
    {
        lock (_gate)
        {
            foreach (ProgressTask task in _tasks.Values)
            {
                task.Value = task.MaxValue;
                task.StopTask();
            }
        }
    }
}
