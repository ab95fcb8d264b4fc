using System.Globalization;
using GroupReduce.Core.Execution;

namespace GroupReduce.Core.Pipeline;

/// <summary>
/// A test hook, read only here: the environment variable <c>GROUPREDUCE_TEST_COMMIT_PAUSE=STAGE:MILLISECONDS</c> makes a
/// compress run announce (an information line <c>test hook: paused at STAGE</c>) and pause at one point of its commit, so
/// that tests can interrupt or kill it exactly there. <c>before-commit</c>: everything staged, nothing renamed, a cancel
/// still honoured (the pause ends early); <c>in-commit</c>: the reports renamed, the artifact not yet (past the point of no
/// return, so a cancel is ignored). Unset, it costs one environment read per run.
/// </summary>
internal static class CommitTestHook
{
    /// <summary>The variable's name.</summary>
    public const string Variable = "GROUPREDUCE_TEST_COMMIT_PAUSE";

    /// <summary>Everything staged, nothing renamed.</summary>
    public const string BeforeCommit = "before-commit";

    /// <summary>Reports renamed, artifact not yet.</summary>
    public const string InCommit = "in-commit";

    /// <summary>Pauses if the variable names <paramref name="stage"/>.</summary>
    /// <param name="stage">This point of the commit.</param>
    /// <param name="observer">Receives the announcement.</param>
    /// <param name="cancellationToken">Ends the pause early (pass <see cref="CancellationToken.None"/> past the point of no return).</param>
    public static void Pause(string stage, IRunObserver observer, CancellationToken cancellationToken)
    {
        string? value = Environment.GetEnvironmentVariable(Variable);
        if (value is null || !value.StartsWith(stage + ":", StringComparison.Ordinal)
            || !int.TryParse(value.AsSpan(stage.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int milliseconds))
        {
            return;
        }

        observer.Info($"test hook: paused at {stage}");
        cancellationToken.WaitHandle.WaitOne(milliseconds);
    }
}
