using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Abstractions.Plugins;

namespace GroupReduce.TestPlugins.Faulty;

/// <summary>A partitioner that gives every group full (dense) storage whatever the budget.</summary>
public sealed class OverspendingPartitionerFactory : IPartitionerFactory
{
    public string Name => "overspending";

    public string Description => "ignores the budget (test plugin)";

    public IPartitioner Create(PluginOptions options, PluginContext context) => new Partitioner();

    private sealed class Partitioner : IPartitioner
    {
        public int[] Partition(PartitionRequest request) =>
            Enumerable.Range(0, request.Frequencies.Length).Select(i => i % request.GroupCount).ToArray();

        public RankAllocation AllocateRanks(RankAllocationRequest request) =>
            new(request.MatrixColumns.Select(d => (IReadOnlyList<GroupRank>)Enumerable.Repeat(GroupRank.DenseOf(d), request.GroupCount).ToList()).ToList());
    }
}
