using GroupReduce.Testing.Engine;

namespace GroupReduce.Fuzzing;

/// <summary>
/// The fuzzing CI slice: a fixed-seed run of a target's CsCheck-generated cases that fails on the first mishandled
/// input, naming the case so it can be replayed.
/// </summary>
public static class FuzzCheck
{
    /// <summary>The seed of every CI run: CI sees the same inputs each time (the harness explores other seeds).</summary>
    public const ulong Seed = 20181203;

    /// <summary>Runs <paramref name="iterations"/> generated inputs through <paramref name="target"/>; throws <see cref="FuzzDefectException"/> on a defect.</summary>
    /// <param name="target">The parser.</param>
    /// <param name="iterations">How many inputs.</param>
    public static void Sample(FuzzTarget target, int iterations)
    {
        ArgumentNullException.ThrowIfNull(target);
        foreach (FuzzSeed seed in target.Seeds)
        {
            // A seed the parser refuses tests nothing but its error path: the seeds must stay valid as the readers evolve.
            FuzzOutcome outcome = target.Run(seed.Bytes);
            if (outcome.Kind != OutcomeKind.Accepted)
            {
                throw new FuzzDefectException($"{target.Name}: seed '{seed.Name}' is not accepted: {outcome}");
            }
        }

        long index = 0;
        foreach (FuzzCase input in FuzzCases.Sequence(target, Seed).Take(iterations))
        {
            FuzzOutcome outcome = target.Run(input.Bytes(target));
            if (!outcome.IsAcceptable)
            {
                throw new FuzzDefectException(target, input, outcome, index);
            }

            index++;
        }
    }
}
