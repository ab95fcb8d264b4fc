namespace GroupReduce.Core.Spec;

/// <summary>What to do with a vocabulary item that has no positive count.</summary>
public enum MissingCountPolicy
{
    /// <summary>Stop with an error listing the first few items.</summary>
    Error,

    /// <summary>Give them the smoothing count and report how many were smoothed.</summary>
    Smooth,
}
