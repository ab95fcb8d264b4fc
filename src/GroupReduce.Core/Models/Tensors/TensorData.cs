using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Models.Matrices;

namespace GroupReduce.Core.Models.Tensors;

/// <summary>Where a tensor's stored bytes are, and how to read them as rows or stream them raw.</summary>
internal abstract class TensorData
{
    /// <summary>A float32 row view of the data.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="rows">The row count.</param>
    /// <param name="columns">The column count.</param>
    /// <param name="decoder">The stored type's converter.</param>
    /// <returns>The view.</returns>
    public abstract IRowMatrix CreateMatrix(string name, long rows, int columns, ElementDecoder decoder);

    /// <summary>Writes the stored bytes, in order, to <paramref name="destination"/>.</summary>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="cancellationToken">Stops the copy between chunks.</param>
    public abstract void CopyTo(Stream destination, CancellationToken cancellationToken);
}
