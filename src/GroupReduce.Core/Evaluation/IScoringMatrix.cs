namespace GroupReduce.Core.Evaluation;

/// <summary>A vocabulary matrix as evaluation uses it: rows for the embedding, products for the softmax.</summary>
internal interface IScoringMatrix
{
    /// <summary>Rows (vocabulary size).</summary>
    int Rows { get; }

    /// <summary>Columns.</summary>
    int Columns { get; }

    /// <summary>Copies one row.</summary>
    /// <param name="row">The row.</param>
    /// <param name="destination">Receives <see cref="Columns"/> values.</param>
    void GetRow(int row, Span<float> destination);

    /// <summary>Products with several vectors: <c>results[b·Rows + i] = row_i · xs[b·Columns ..]</c>.</summary>
    /// <param name="xs"><paramref name="count"/> vectors of <see cref="Columns"/> values, back to back.</param>
    /// <param name="count">How many vectors.</param>
    /// <param name="results"><paramref name="count"/> x <see cref="Rows"/> values.</param>
    void MultiplyBatch(ReadOnlySpan<float> xs, int count, Span<float> results);
}
