namespace GroupReduce.Core.Sweep;

/// <summary>One plot a sweep drew.</summary>
/// <param name="File">The PNG's file name in the sweep's folder.</param>
/// <param name="Title">What it shows.</param>
public sealed record SweepPlot(string File, string Title);
