namespace GroupReduce.Core.Pipeline;

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

    /// <summary>The output would overwrite the input model.</summary>
    public const string OutputIsInput = "GR1206";

    /// <summary>The output folder does not exist or cannot be written.</summary>
    public const string OutputUnwritable = "GR1207";

    /// <summary>The run was cancelled; nothing was written.</summary>
    public const string Cancelled = "GR1208";
}
