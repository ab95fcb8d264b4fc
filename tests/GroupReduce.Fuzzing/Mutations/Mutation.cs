namespace GroupReduce.Fuzzing.Mutations;

/// <summary>
/// One mutation, as plain numbers so CsCheck can generate and shrink it. <see cref="Position"/> is taken modulo the
/// input's length when applied (so it shrinks towards the start of the file, where the headers are), and
/// <see cref="Choice"/> picks the value or the edit.
/// </summary>
/// <param name="Kind">What the mutation does.</param>
/// <param name="Position">Where, modulo the input's length (or node/line count).</param>
/// <param name="Length">How many bytes a range mutation touches.</param>
/// <param name="Choice">Which value or edit, modulo the number of choices.</param>
public readonly record struct Mutation(MutationKind Kind, int Position, int Length, int Choice)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind}(at {Position}, length {Length}, choice {Choice})";
}
