using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Plugins.Frequency.Tests;

/// <summary>A fixed number of bytes per stored value (4 = float32).</summary>
internal sealed class ValueCost(int bytesPerValue) : IStorageCost
{
    public long TensorBytes(long rows, int columns) => rows * columns * bytesPerValue;
}
