namespace GroupReduce.Runtime.Kernels;

/// <summary>
/// The chunk operations of the integer row-dot kernel, as static abstract members of a struct so that
/// <see cref="IntegerRowDots"/> is written once and compiled per instruction set with every call inlined (as
/// <see cref="IVectorWidth{TVector}"/> does for the float kernels).
/// </summary>
/// <typeparam name="TSum">The int32 accumulator (a vector of partial sums, or an <see cref="int"/>).</typeparam>
internal interface IIntegerDots<TSum>
    where TSum : struct
{
    /// <summary>Input bytes per chunk: the columns an int8 chunk covers, half those of an int4 chunk.</summary>
    static abstract int Bytes { get; }

    /// <summary>An empty accumulator.</summary>
    static abstract TSum Zero { get; }

    /// <summary>Adds <c>Σ q_j · x_j</c> over <see cref="Bytes"/> signed bytes (exact for every int8, −128 included).</summary>
    /// <param name="sum">The accumulator.</param>
    /// <param name="q">The row's values.</param>
    /// <param name="x">The quantized input, in column order (|x| ≤ 127).</param>
    /// <returns>The accumulator.</returns>
    static abstract TSum Int8(TSum sum, ref sbyte q, ref sbyte x);

    /// <summary>
    /// Adds <c>Σ (n_j ⊕ 8) · x_j</c> over <see cref="Bytes"/> packed bytes (2·<see cref="Bytes"/> nibbles): the nibbles
    /// flipped to unsigned so the byte multiply-add takes them as they are; the caller subtracts <c>8 · Σ x_j</c>.
    /// </summary>
    /// <param name="sum">The accumulator.</param>
    /// <param name="packed">The row's packed bytes, low nibble first.</param>
    /// <param name="x">The quantized input of the chunk's even columns, then (at <c>x + Bytes</c>) its odd ones.</param>
    /// <returns>The accumulator.</returns>
    static abstract TSum Int4Biased(TSum sum, ref byte packed, ref sbyte x);

    /// <summary>The total of the accumulator.</summary>
    /// <param name="sum">The accumulator.</param>
    /// <returns>The total.</returns>
    static abstract int Total(TSum sum);
}
