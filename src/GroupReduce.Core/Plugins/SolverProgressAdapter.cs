using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Execution;

namespace GroupReduce.Core.Plugins;

/// <summary>Passes a solver's progress straight to the observer (synchronously, unlike <see cref="Progress{T}"/>).</summary>
internal sealed class SolverProgressAdapter(IRunObserver observer, string prefix) : IProgress<SolverProgress>
{
    public void Report(SolverProgress value) => observer.Progress($"{prefix}{value.Stage}", value.Done, value.Total);
}
