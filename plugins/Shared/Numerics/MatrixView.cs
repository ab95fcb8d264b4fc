using System.Runtime.CompilerServices;

namespace GroupReduce.Plugins.Numerics;

/// <summary>
/// A logical <c>Rows x Cols</c> matrix over unmanaged memory: element <c>(i, j)</c> is at
/// <c>Data[i * Stride + j]</c>, or at <c>Data[j * Stride + i]</c> when <see cref="Transposed"/>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly unsafe struct MatrixView<T>
    where T : unmanaged
{
    /// <summary>Creates a view.</summary>
    /// <param name="data">The first stored element.</param>
    /// <param name="rows">Logical rows.</param>
    /// <param name="cols">Logical columns.</param>
    /// <param name="stride">Distance between stored rows.</param>
    /// <param name="transposed">Whether the logical matrix is the transpose of the stored one.</param>
    public MatrixView(T* data, int rows, int cols, nint stride, bool transposed = false)
    {
        Data = data;
        Rows = rows;
        Cols = cols;
        Stride = stride;
        Transposed = transposed;
    }

    /// <summary>The first stored element.</summary>
    public T* Data { get; }

    /// <summary>Logical rows.</summary>
    public int Rows { get; }

    /// <summary>Logical columns.</summary>
    public int Cols { get; }

    /// <summary>Distance between stored rows.</summary>
    public nint Stride { get; }

    /// <summary>Whether the logical matrix is the transpose of the stored one.</summary>
    public bool Transposed { get; }

    /// <summary>The logical transpose, sharing the memory.</summary>
    /// <returns>The transposed view.</returns>
    public MatrixView<T> Transpose() => new(Data, Cols, Rows, Stride, !Transposed);

    /// <summary>Element <c>(i, j)</c>.</summary>
    /// <param name="i">Logical row.</param>
    /// <param name="j">Logical column.</param>
    /// <returns>The element.</returns>
    public T this[int i, int j]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Transposed ? Data[(j * Stride) + i] : Data[(i * Stride) + j];
    }

    /// <summary>The logical block of rows <c>[first, first + count)</c>.</summary>
    /// <param name="first">First logical row.</param>
    /// <param name="count">Rows.</param>
    /// <returns>The sub-view.</returns>
    public MatrixView<T> RowRange(int first, int count) =>
        Transposed ? new(Data + first, count, Cols, Stride, true) : new(Data + (first * Stride), count, Cols, Stride, false);

    /// <summary>The logical block of columns <c>[first, first + count)</c>.</summary>
    /// <param name="first">First logical column.</param>
    /// <param name="count">Columns.</param>
    /// <returns>The sub-view.</returns>
    public MatrixView<T> ColumnRange(int first, int count) =>
        Transposed ? new(Data + (first * Stride), Rows, count, Stride, true) : new(Data + first, Rows, count, Stride, false);
}
