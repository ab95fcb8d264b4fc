using GroupReduce.Core.Execution;

namespace GroupReduce.Core.Tuning;

/// <summary>Follows a search trial by trial; each trial's engine progress and warnings go to <see cref="IRunObserver"/>.</summary>
public interface ITuneObserver : IRunObserver
{
    /// <summary>The search is planned and its values checked; the trials are about to run.</summary>
    /// <param name="plan">The trials.</param>
    /// <param name="budget">The fixed budget, e.g. <c>6.6x</c>.</param>
    /// <param name="rankedBy">What ranks the trials.</param>
    void Planned(TunePlan plan, string budget, string rankedBy);

    /// <summary>A trial is about to run.</summary>
    /// <param name="trial">The trial.</param>
    /// <param name="count">How many trials the search has.</param>
    void TrialStarting(TuneTrial trial, int count);

    /// <summary>A trial ended (done, infeasible or failed).</summary>
    /// <param name="result">What it produced.</param>
    /// <param name="count">How many trials the search has.</param>
    void TrialFinished(TuneTrialResult result, int count);
}
