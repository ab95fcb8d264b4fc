namespace GroupReduce.Core.Tuning;

/// <summary>Errors of <c>groupreduce tune</c>'s search (GR1240–GR1249, inside the pipeline range GR12xx).</summary>
public static class TuneErrorCodes
{
    /// <summary>
    /// A search axis (<c>--try PATH=V1,V2</c>) is invalid: no <c>=</c>, an empty key path or value, a value listed twice,
    /// a path named by two axes, a path under <c>budget</c>, a value that is not one YAML scalar, or a path the spec's
    /// text cannot take (through a list without a position, into a single value that is not a plugin's name).
    /// </summary>
    public const string InvalidAxis = "GR1240";

    /// <summary>The axes multiply to more trials than <c>--max-trials</c> allows, or there are none.</summary>
    public const string TooManyTrials = "GR1241";

    /// <summary>The spec's budget is not a size (a quality target or a parameter count) and neither <c>--rate</c> nor <c>--bytes</c> gives one.</summary>
    public const string NoSizeBudget = "GR1242";

    /// <summary>No trial could be compressed (every one was infeasible or failed); the report lists why and no spec is written.</summary>
    public const string NoTrialSucceeded = "GR1243";
}
