namespace GroupReduce.Core.Tuning;

/// <summary>One trial: a value of every axis.</summary>
/// <param name="Number">Its position in the search, from 1 (the order of the report and of ties).</param>
/// <param name="Settings">One setting per axis, in the axes' order.</param>
public sealed record TuneTrial(int Number, IReadOnlyList<TuneSetting> Settings)
{
    /// <summary>The trial as typed: <c>groups=10 quantizer=int8</c>.</summary>
    public string Label => string.Join(' ', Settings);
}
