
using GroupReduce.Core.LowRank;

namespace GroupReduce.Core.Reporting;

/// <summary>One grouping and its refinement.</summary>
/// <param name="Name">p0, p1, …</param>
/// <param name="Matrices">The matrices sharing it.</param>
/// <param name="Groups">Number of groups.</param>
/// <param name="MapBytes">Bytes of its stored map.</param>
/// <param name="Budget">Its factor budget.</param>
/// <param name="InitialObjective">Weighted squared error before refinement.</param>
/// <param name="FinalObjective">After refinement.</param>
/// <param name="TotalEnergy">Σ f‖a‖²: the objective's scale.</param>
/// <param name="Refinement">Each iteration.</param>
/// <param name="Notes">What the partitioner said.</param>
public sealed record PartitionReport(string Name, IReadOnlyList<string> Matrices, int Groups, long MapBytes, long Budget, double InitialObjective, double FinalObjective, double TotalEnergy, IReadOnlyList<RefinementStep> Refinement, IReadOnlyList<string> Notes);
