using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Matrices;
using GroupReduce.Core.Methods;
using GroupReduce.Core.Storage;

namespace GroupReduce.Core.Reporting;

/// <summary>Builds the report's records from a method's result.</summary>
internal static class ReportBuilder
{
    public static MethodReport Method(MethodResult result, long originalBytes)
    {
        if (result.IsPlan)
        {
            return new MethodReport(Label(result), originalBytes, result.Bytes, ReportWriter.Rate(originalBytes, result.Bytes), null, null, result.Seconds, PlannedMatrices(result));
        }

        ReconstructionError total = result.Matrices.Aggregate(default(ReconstructionError), (sum, m) => sum + m.Error);
        var matrices = result.Matrices.Select(m => new MatrixReport(
            m.Matrix.Name,
            m.Matrix.Tied.Select(t => t.Name).ToList(),
            m.Matrix.Rows,
            m.Matrix.Columns,
            m.Matrix.Tensor.GgmlTypeName ?? m.Matrix.Tensor.DType.ToString(),
            m.Matrix.OriginalBytes,
            m.Bytes,
            m.Error.WeightedRelative,
            m.Error.Relative,
            m.Groups.Select(g => new GroupReport(g.Index, g.Rows, Kind(g.Kind), g.Rank, g.MeanFrequency, g.Bytes, g.Rows > 0 ? g.Error.WeightedRelative : null, g.Rows > 0 ? g.Error.Relative : null) { Encoding = g.Rows > 0 ? g.Encoding : null }).ToList())).ToList();
        return new MethodReport(Label(result), originalBytes, result.Bytes, ReportWriter.Rate(originalBytes, result.Bytes), total.WeightedRelative, total.Relative, result.Seconds, matrices);
    }

    public static string Label(MethodResult result) => result.Label.Length > 0 ? result.Label : LowRankMethod.Name(result.Method);

    public static IReadOnlyList<PartitionReport> Partitions(MethodResult result) => result.Partitions
        .Select(p => new PartitionReport(p.Name, p.Matrices, p.GroupCount, p.MapBytes, p.Budget, p.InitialObjective, p.FinalObjective, p.TotalEnergy, p.Refinement, p.Notes))
        .ToList();

    public static string Kind(GroupStorageKind kind) => kind switch
    {
        GroupStorageKind.Empty => "empty",
        GroupStorageKind.Dense => "dense",
        _ => "lowrank",
    };

    private static List<MatrixReport> PlannedMatrices(MethodResult plan)
    {
        var matrices = new List<MatrixReport>();
        foreach (PartitionResult partition in plan.Partitions)
        {
            for (int m = 0; m < partition.Matrices.Count; m++)
            {
                GroupRank[] ranks = partition.Ranks[m];
                var groups = new List<GroupReport>();
                long bytes = 0;
                for (int g = 0; g < partition.GroupCount; g++)
                {
                    GroupRank rank = ranks[g];
                    long groupBytes = partition.GroupBytes(m, g);
                    bytes += groupBytes;
                    string kind = partition.Sizes[g] == 0 ? "empty" : rank.Dense ? "dense" : "lowrank";
                    groups.Add(new GroupReport(g, partition.Sizes[g], kind, rank.Rank, partition.MeanFrequencies[g], groupBytes, null, null) { Encoding = partition.Sizes[g] > 0 ? partition.EncodingLabels?[rank.Encoding] : null });
                }

                ResolvedMatrix matrix = partition.ResolvedMatrices[m];
                matrices.Add(new MatrixReport(matrix.Name, matrix.Tied.Select(t => t.Name).ToList(), matrix.Rows, matrix.Columns, matrix.Tensor.GgmlTypeName ?? matrix.Tensor.DType.ToString(), matrix.OriginalBytes, bytes, null, null, groups));
            }
        }

        return matrices;
    }
}
