using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Core.Storage;

namespace GroupReduce.Core.Budget;

/// <summary>The quantizer's exact cost of a block in bytes (<see cref="CostUnit.Bytes"/>), summed over the parts the block is stored in.</summary>
internal sealed class PartedStorageCost(IStorageCost quantizer) : IStorageCost
{
    public long TensorBytes(long rows, int columns)
    {
        if (rows == 0 || columns == 0)
        {
            return 0;
        }

        long per = TensorParts.RowsPerPart(columns);
        long full = rows / per;
        long rest = rows % per;
        long bytes = full > 0 ? full * quantizer.TensorBytes(per, columns) : 0;
        return rest > 0 ? bytes + quantizer.TensorBytes(rest, columns) : bytes;
    }
}
