namespace GroupReduce.Fuzzing;

/// <summary>How a parser answered one input.</summary>
public enum OutcomeKind
{
    /// <summary>The input was accepted and every part of it could be read.</summary>
    Accepted,

    /// <summary>A typed error with a GR code from the expected range.</summary>
    Typed,

    /// <summary>Anything else: an untyped exception, a GR code from the wrong range, or a command-line internal error (exit 2). A defect.</summary>
    Untyped,
}
