using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Models;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Matrices;

/// <summary>A matrix the spec names, found in the model and checked.</summary>
internal sealed class ResolvedMatrix
{
    public required MatrixSpec Spec { get; init; }

    public required ModelTensor Tensor { get; init; }

    /// <summary>The rows as float32 (sanitised when the spec says non_finite: zero).</summary>
    public required IRowMatrix Matrix { get; init; }

    public required IReadOnlyList<ModelTensor> Tied { get; init; }

    /// <summary>Whether the tensor is stored <c>[d, V]</c> and <see cref="Matrix"/> is its transpose (docs/format.md: <c>transposed</c>).</summary>
    public bool Transposed { get; init; }

    public required long NonFiniteValues { get; init; }

    /// <summary>‖a_i‖² of every row (non-finite values counted as zero).</summary>
    public required double[] RowNormsSquared { get; init; }

    public string Name => Tensor.Name;

    public long Rows => Matrix.Rows;

    public int Columns => Matrix.Columns;

    /// <summary>Bytes the compressed form replaces: the tensor and its tied copies, as stored in the input.</summary>
    public long OriginalBytes => Tensor.ByteLength + Tied.Sum(t => t.ByteLength);

    /// <summary>Values the compressed form replaces.</summary>
    public long OriginalParameters => Rows * Columns * (1 + Tied.Count);
}
