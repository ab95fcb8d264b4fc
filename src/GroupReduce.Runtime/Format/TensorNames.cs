using System.Globalization;

namespace GroupReduce.Runtime.Format;

/// <summary>
/// The names the writer gives the tensors it adds (docs/format.md, section 5). Readers follow the manifest, which names
/// every tensor it uses, so these are for writing and for checking that an input leaves them free.
/// </summary>
public static class TensorNames
{
    /// <summary>The vocabulary's offsets tensor (<c>I64 [tokens + 1]</c>).</summary>
    public const string VocabularyOffsets = "groupreduce.vocab.offsets";

    /// <summary>The vocabulary's UTF-8 bytes tensor (<c>U8</c>).</summary>
    public const string VocabularyBytes = "groupreduce.vocab.bytes";

    /// <summary>The row→group map of a partition: <c>groupreduce.&lt;partition&gt;.map</c>.</summary>
    /// <param name="partition">The partition's name.</param>
    /// <returns>The tensor name.</returns>
    public static string PartitionMap(string partition) => $"groupreduce.{partition}.map";

    /// <summary>The <c>u</c> block of a low-rank group: <c>&lt;matrix&gt;.gr.g&lt;group&gt;.u</c>, the prefix of its parts.</summary>
    /// <param name="matrix">The compressed tensor's name.</param>
    /// <param name="group">The group index.</param>
    /// <returns>The block's name.</returns>
    public static string UBlock(string matrix, int group) => Group(matrix, group) + ".u";

    /// <summary>The <c>v</c> block of a low-rank group: <c>&lt;matrix&gt;.gr.g&lt;group&gt;.v</c>, the prefix of its parts.</summary>
    /// <param name="matrix">The compressed tensor's name.</param>
    /// <param name="group">The group index.</param>
    /// <returns>The block's name.</returns>
    public static string VBlock(string matrix, int group) => Group(matrix, group) + ".v";

    /// <summary>The block of a dense group: <c>&lt;matrix&gt;.gr.g&lt;group&gt;.dense</c>, the prefix of its parts.</summary>
    /// <param name="matrix">The compressed tensor's name.</param>
    /// <param name="group">The group index.</param>
    /// <returns>The block's name.</returns>
    public static string DenseBlock(string matrix, int group) => Group(matrix, group) + ".dense";

    /// <summary>The data tensor of one part of a block: <c>&lt;block&gt;.p&lt;part&gt;</c>.</summary>
    /// <param name="block">The block's name (<see cref="UBlock"/>, <see cref="VBlock"/> or <see cref="DenseBlock"/>).</param>
    /// <param name="part">The part's index within the block.</param>
    /// <returns>The tensor name.</returns>
    public static string Part(string block, int part) => string.Create(CultureInfo.InvariantCulture, $"{block}.p{part}");

    /// <summary>The scales of an integer part: <c>&lt;part&gt;.scales</c>.</summary>
    /// <param name="part">The part's data tensor name.</param>
    /// <returns>The tensor name.</returns>
    public static string Scales(string part) => part + ".scales";

    /// <summary>The table of a codebook part: <c>&lt;part&gt;.codebook</c>.</summary>
    /// <param name="part">The part's data tensor name.</param>
    /// <returns>The tensor name.</returns>
    public static string Codebook(string part) => part + ".codebook";

    /// <summary>The row starts of a sparse matrix: <c>&lt;matrix&gt;.gr.sparse.row_start</c>.</summary>
    /// <param name="matrix">The compressed tensor's name.</param>
    /// <returns>The tensor name.</returns>
    public static string SparseRowStart(string matrix) => Sparse(matrix) + ".row_start";

    /// <summary>The column indices of a sparse matrix: <c>&lt;matrix&gt;.gr.sparse.columns</c>.</summary>
    /// <param name="matrix">The compressed tensor's name.</param>
    /// <returns>The tensor name.</returns>
    public static string SparseColumns(string matrix) => Sparse(matrix) + ".columns";

    /// <summary>The kept values of a sparse matrix: <c>&lt;matrix&gt;.gr.sparse.values</c>.</summary>
    /// <param name="matrix">The compressed tensor's name.</param>
    /// <returns>The tensor name.</returns>
    public static string SparseValues(string matrix) => Sparse(matrix) + ".values";

    private static string Group(string matrix, int group) => string.Create(CultureInfo.InvariantCulture, $"{matrix}.gr.g{group}");

    private static string Sparse(string matrix) => matrix + ".gr.sparse";
}
