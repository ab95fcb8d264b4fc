namespace GroupReduce.Fuzzing;

/// <summary>
/// The inputs the harness found defects with, committed under <c>Reproducers/&lt;target&gt;/</c> and copied beside the
/// test assembly: each is replayed by the CI slice, so a fixed defect stays fixed.
/// </summary>
public static class FuzzReproducers
{
    /// <summary>The folder they are copied to.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "fuzz-reproducers");

    /// <summary>Every reproducer of the given targets, as (target name, file name) pairs for xunit's MemberData.</summary>
    /// <param name="targets">The targets.</param>
    /// <returns>The pairs.</returns>
    public static IEnumerable<object[]> Of(params FuzzTarget[] targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        foreach (FuzzTarget target in targets)
        {
            string folder = Path.Combine(Folder, target.Name);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (string file in Directory.EnumerateFiles(folder, "*.bin").Order(StringComparer.Ordinal))
            {
                yield return [target.Name, Path.GetFileName(file)];
            }
        }
    }

    /// <summary>Replays one reproducer.</summary>
    /// <param name="target">The target's name.</param>
    /// <param name="file">The file name.</param>
    /// <returns>The verdict.</returns>
    public static FuzzOutcome Replay(string target, string file)
    {
        FuzzTarget found = FuzzTargets.Find(target) ?? throw new ArgumentException($"no fuzz target '{target}'", nameof(target));
        return found.Run(File.ReadAllBytes(Path.Combine(Folder, target, file)));
    }
}
