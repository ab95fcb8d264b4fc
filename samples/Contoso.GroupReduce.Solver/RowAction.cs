namespace Contoso.GroupReduce.Solver;

/// <summary>Receives one row of a <see cref="RowStream"/>.</summary>
/// <param name="position">The row's position in the list being streamed.</param>
/// <param name="row">The row's index in the matrix.</param>
/// <param name="values">The row's values; valid only during the call.</param>
internal delegate void RowAction(int position, int row, ReadOnlySpan<float> values);
