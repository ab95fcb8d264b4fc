using CsCheck;
using GroupReduce.Fuzzing.Mutations;

namespace GroupReduce.Fuzzing;

/// <summary>
/// The deterministic stream of cases for a target: CsCheck's generators driven by one PCG whose stream is the
/// target's name and whose seed is the run's, so a run (CI's or the harness's) is the same inputs every time and a
/// case is replayed from its (seed, index).
/// </summary>
public static class FuzzCases
{
    /// <summary>The cases of <paramref name="target"/> for run seed <paramref name="seed"/>, endless.</summary>
    /// <param name="target">The target.</param>
    /// <param name="seed">The run's seed.</param>
    /// <returns>The cases, in order.</returns>
    public static IEnumerable<FuzzCase> Sequence(FuzzTarget target, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(target);
        Gen<FuzzCase> gen = MutationGen.Cases(target);
        var pcg = new PCG(StableHash(target.Name), seed);
        while (true)
        {
            yield return gen.Generate(pcg, null, out _);
        }
    }

    // string.GetHashCode differs between processes; the stream must not.
    private static uint StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }
}
