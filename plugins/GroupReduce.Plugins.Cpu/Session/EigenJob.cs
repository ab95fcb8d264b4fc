using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Numerics;

namespace GroupReduce.Plugins.Cpu.Session;

/// <summary>One group's eigenproblem within a <c>FitBases</c> batch: its request, state and full Gram, then its result.</summary>
/// <param name="Request">The request.</param>
/// <param name="State">The group's state (warm start in, warm start out).</param>
/// <param name="Gram">The full symmetric Gram (<c>d x d</c>, row-major); valid while the batch lasts.</param>
internal sealed unsafe record EigenJob(GroupFitRequest Request, GroupState State, nint Gram)
{
    /// <summary>The result, once solved.</summary>
    public EigenResult? Result { get; set; }

    /// <summary>A line for the log, written after the batch so that the log's order never depends on scheduling.</summary>
    public string? Note { get; set; }

    /// <summary>The Gram as a pointer.</summary>
    public double* GramPointer => (double*)Gram;
}
