namespace GroupReduce.Plugins.Ilgpu.Kernels;

/// <summary>
/// The shape of one tiled product <c>C = op(A) · B</c> (<c>M x N</c>, inner size <c>K</c>), passed to the kernel by value.
/// Row-major operands; <c>op(A)</c> is <c>A</c> (<c>M x K</c>) or, with <see cref="TransposeA"/>, the transpose of a stored
/// <c>K x M</c> matrix. With <see cref="KPerSplit"/> below <c>K</c> the inner range is split across the grid's third
/// dimension and split <c>z</c> writes its partial product <c>z · SplitStride</c> values further on.
/// </summary>
internal struct ProductShape
{
    /// <summary>Rows of C.</summary>
    public int M;

    /// <summary>Columns of C.</summary>
    public int N;

    /// <summary>The inner size.</summary>
    public int K;

    /// <summary>Row stride of the stored A.</summary>
    public int Lda;

    /// <summary>Row stride of B.</summary>
    public int Ldb;

    /// <summary>Row stride of C.</summary>
    public int Ldc;

    /// <summary>1 when A is stored <c>K x M</c>.</summary>
    public int TransposeA;

    /// <summary>1 to skip output tiles wholly below the diagonal (symmetric results).</summary>
    public int UpperOnly;

    /// <summary>Threads per side of a group; each computes 4 x 4 outputs, so a tile is <c>4 · Side</c> square.</summary>
    public int Side;

    /// <summary>Inner indices per split (a multiple of <see cref="TiledProduct.Depth"/>).</summary>
    public int KPerSplit;

    /// <summary>Values between the partial outputs of consecutive splits.</summary>
    public int SplitStride;
}
