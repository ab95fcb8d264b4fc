namespace GroupReduce.Fuzzing.Mutations;

/// <summary>What one mutation does to an input.</summary>
public enum MutationKind
{
    /// <summary>Flips one bit.</summary>
    FlipBit,

    /// <summary>Overwrites one byte.</summary>
    SetByte,

    /// <summary>Overwrites 1, 2, 4 or 8 bytes with a boundary integer (0, -1, 2^31, 2^63, the file length...): lying lengths, counts, offsets and dimensions.</summary>
    SetInteger,

    /// <summary>Inserts a few bytes.</summary>
    Insert,

    /// <summary>Deletes a range.</summary>
    Delete,

    /// <summary>Cuts the input short.</summary>
    Truncate,

    /// <summary>Copies a range of the input over another place (a chunk out of order, a repeated record).</summary>
    Splice,

    /// <summary>Edits one node of a JSON header (safetensors and artifacts): removed, null, a wrong type, a boundary number, invalid UTF-8.</summary>
    JsonEdit,

    /// <summary>Edits one line of a text input (spec, counts, vocabulary, text embeddings): deleted, repeated, a huge line, a bad number, control bytes, invalid UTF-8.</summary>
    LineEdit,
}
