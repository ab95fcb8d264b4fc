namespace GroupReduce.Fuzzing;

/// <summary>Thrown by <see cref="FuzzCheck"/> for an input a parser mishandled, naming the case so it can be replayed.</summary>
public sealed class FuzzDefectException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="target">The target.</param>
    /// <param name="input">The case.</param>
    /// <param name="outcome">The verdict.</param>
    /// <param name="index">The case's index in the run's sequence.</param>
    public FuzzDefectException(FuzzTarget target, FuzzCase input, FuzzOutcome outcome, long index)
        : base($"{target?.Name}: case {index} of seed {FuzzCheck.Seed} ({input}) -> {outcome}")
    {
        Outcome = outcome;
    }

    /// <summary>Creates the exception.</summary>
    public FuzzDefectException()
        : base("a parser mishandled an input")
    {
        Outcome = FuzzOutcome.Accepted;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public FuzzDefectException(string message)
        : base(message)
    {
        Outcome = FuzzOutcome.Accepted;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public FuzzDefectException(string message, Exception innerException)
        : base(message, innerException)
    {
        Outcome = FuzzOutcome.Accepted;
    }

    /// <summary>The verdict on the input.</summary>
    public FuzzOutcome Outcome { get; }
}
