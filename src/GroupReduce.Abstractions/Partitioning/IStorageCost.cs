namespace GroupReduce.Abstractions.Partitioning;

/// <summary>
/// The exact cost of one stored factor tensor. A quantizer's cost counts bytes, with its scales and codebook;
/// for a <c>parameters:</c> budget the host hands partitioners a cost that counts stored values instead
/// (<see cref="RankAllocationRequest.Unit"/> says which).
/// </summary>
public interface IStorageCost
{
    /// <summary>What a <paramref name="rows"/> x <paramref name="columns"/> tensor costs.</summary>
    /// <param name="rows">Rows of the tensor.</param>
    /// <param name="columns">Columns of the tensor.</param>
    /// <returns>The byte count, everything included (the name is the contract 1.0 one; a parameter cost returns the value count).</returns>
    long TensorBytes(long rows, int columns);
}
