namespace GroupReduce.Fuzzing;

/// <summary>The verdict on one input.</summary>
/// <param name="Kind">Accepted, typed or a defect.</param>
/// <param name="Code">The GR code of a typed error.</param>
/// <param name="Signature">For a defect: the exception type and the top frame in GroupReduce code, which names the defect.</param>
/// <param name="Detail">For a defect: the message and stack trace.</param>
public sealed record FuzzOutcome(OutcomeKind Kind, string? Code, string? Signature, string? Detail)
{
    /// <summary>The input was accepted.</summary>
    public static FuzzOutcome Accepted { get; } = new(OutcomeKind.Accepted, null, null, null);

    /// <summary>Whether the answer is one a hostile input may get: acceptance or a typed error.</summary>
    public bool IsAcceptable => Kind != OutcomeKind.Untyped;

    /// <summary>A typed error.</summary>
    /// <param name="code">Its GR code.</param>
    /// <returns>The outcome.</returns>
    public static FuzzOutcome TypedError(string code) => new(OutcomeKind.Typed, code, null, null);

    /// <summary>A defect.</summary>
    /// <param name="signature">The type and top frame.</param>
    /// <param name="detail">The message and stack.</param>
    /// <returns>The outcome.</returns>
    public static FuzzOutcome Defect(string signature, string detail) => new(OutcomeKind.Untyped, null, signature, detail);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        OutcomeKind.Accepted => "accepted",
        OutcomeKind.Typed => $"typed {Code}",
        _ => $"DEFECT {Signature}\n{Detail}",
    };
}
