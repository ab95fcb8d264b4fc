namespace GroupReduce.Core.Execution;

/// <summary>Errors where the spec and the model disagree (GR1201–GR1299), and run-level errors.</summary>
public static class PipelineErrorCodes
{
    /// <summary>A tensor the spec names is not in the model.</summary>
    public const string TensorNotFound = "GR1201";

    /// <summary>A tensor the spec names is not a two-dimensional floating-point matrix.</summary>
    public const string NotAMatrix = "GR1202";

    /// <summary>Tied tensors have different shapes.</summary>
    public const string TiedShapeMismatch = "GR1203";

    /// <summary>A tensor is named twice (as a matrix or as a tied alias).</summary>
    public const string TensorNamedTwice = "GR1204";

    /// <summary>No model file: neither the command line nor the spec names one.</summary>
    public const string NoModel = "GR1205";

    /// <summary>
    /// An output (the artifact, its reports or its lock file) would overwrite a file the run reads: the model, the spec, a
    /// frequency or vocabulary file, or a quality target's data; links resolved (symlinks, hard links, linked folders).
    /// </summary>
    public const string OutputIsInput = "GR1206";

    /// <summary>The output folder cannot be created or written (a missing folder is created).</summary>
    public const string OutputUnwritable = "GR1207";

    /// <summary>
    /// The run was cancelled before its commit: the output and its reports are as they were. A cancel that comes once the
    /// commit has begun is ignored, and the run finishes and reports what it wrote.
    /// </summary>
    public const string Cancelled = "GR1208";

    /// <summary>Another run is writing the same output (it holds the output's lock file); this one stops without writing.</summary>
    public const string OutputLocked = "GR1209";
}
