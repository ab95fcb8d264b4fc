
using GroupReduce.Core.Execution;

namespace GroupReduce.Core.Sweep;

/// <summary>Follows a sweep cell by cell; the engine's own progress and warnings of each cell go to <see cref="IRunObserver"/>.</summary>
public interface ISweepObserver : IRunObserver
{
    /// <summary>A cell is about to run.</summary>
    /// <param name="cell">The cell.</param>
    /// <param name="index">Its position, from 0.</param>
    /// <param name="count">How many cells the sweep has.</param>
    void CellStarting(SweepCell cell, int index, int count);

    /// <summary>A cell ended (done, infeasible or failed).</summary>
    /// <param name="result">What it produced.</param>
    /// <param name="index">Its position, from 0.</param>
    /// <param name="count">How many cells the sweep has.</param>
    void CellFinished(SweepCellResult result, int index, int count);
}
