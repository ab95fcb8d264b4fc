using GroupReduce.Abstractions;
using GroupReduce.Core.Execution;
using Spectre.Console;

namespace GroupReduce.Cli;

/// <summary>
/// Progress bars on a terminal (Spectre.Console). Information lines are kept and printed once the bars
/// are done, so they do not tear the live display; warnings go to stderr at once.
/// </summary>
internal sealed class ProgressBarObserver(ProgressContext context, TextWriter error) : IRunObserver
{
    private readonly Dictionary<string, ProgressTask> _tasks = [];
    private readonly List<string> _infos = [];
    private readonly object _gate = new();

    public IReadOnlyList<string> Infos
    {
        get
        {
            lock (_gate)
            {
                return _infos.ToList();
            }
        }
    }

    public void Info(string message)
    {
        lock (_gate)
        {
            _infos.Add(message);
        }
    }

    public void Warning(string code, string message, SourceLocation? location)
    {
        lock (_gate)
        {
            error.WriteLine(Diagnostics.Warning(code, message, location));
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
                task = context.AddTask(Markup.Escape(stage), maxValue: total);
                _tasks[stage] = task;
            }

            task.MaxValue = total;
            task.Value = Math.Min(done, total);
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
