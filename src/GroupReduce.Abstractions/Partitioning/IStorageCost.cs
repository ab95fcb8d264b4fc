namespace GroupReduce.Abstractions.Partitioning;

/// <summary>The exact number of bytes one stored factor tensor takes, with its scales and codebook.</summary>
public interface IStorageCost
{
    /// <summary>Bytes to store a <paramref name="rows"/> x <paramref name="columns"/> tensor.</summary>
    /// <param name="rows">Rows of the tensor.</param>
    /// <param name="columns">Columns of the tensor.</param>
    /// <returns>The byte count, everything included.</returns>
    long TensorBytes(long rows, int columns);
}
