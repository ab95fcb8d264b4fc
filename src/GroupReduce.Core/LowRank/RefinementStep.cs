namespace GroupReduce.Core.LowRank;

/// <summary>One refinement iteration as the report shows it.</summary>
/// <param name="Iteration">1-based.</param>
/// <param name="MovedRows">Rows that changed group.</param>
/// <param name="RowsScored">
/// Rows scored against every basis in the round: every row that may move in the first round; later, only the rows whose
/// group can change (<c>refinement.rescore_margin</c>), plus every row again when those moved none.
/// </param>
/// <param name="Objective">The weighted squared error summed over the problem's matrices after the step.</param>
/// <param name="RelativeObjective">The objective over the total weighted energy.</param>
/// <param name="Bytes">Factor bytes after the step.</param>
/// <param name="RanksRederived">Whether the accepted state uses re-derived ranks.</param>
/// <param name="Outcome">"accepted", "fixed ranks" (the re-derived ranks did worse), "reverted" or "converged".</param>
/// <param name="Seconds">Wall time of the step.</param>
public sealed record RefinementStep(int Iteration, long MovedRows, long RowsScored, double Objective, double RelativeObjective, long Bytes, bool RanksRederived, string Outcome, double Seconds);
