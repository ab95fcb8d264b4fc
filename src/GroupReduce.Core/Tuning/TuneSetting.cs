namespace GroupReduce.Core.Tuning;

/// <summary>One axis's value in a trial: a spec key path and the YAML scalar written there.</summary>
/// <param name="Path">The key path, e.g. <c>partitioner.options.allocation</c>.</param>
/// <param name="Value">The value as typed, e.g. <c>uniform</c>.</param>
public sealed record TuneSetting(string Path, string Value)
{
    /// <summary>The setting as typed on the command line: <c>groups=10</c>.</summary>
    public override string ToString() => Path + "=" + Value;
}
