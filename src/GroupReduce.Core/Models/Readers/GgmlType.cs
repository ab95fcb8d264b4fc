namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// A GGML tensor type: its name, how many elements one block holds and how many bytes it takes
/// (ggml's <c>blck_size</c> and <c>type_size</c>), and the <see cref="TensorDType"/> it is exposed as.
/// </summary>
/// <param name="Id">The type id stored in GGUF.</param>
/// <param name="Name">The GGML name (upper case, e.g. <c>Q4_K</c>).</param>
/// <param name="BlockElements">Elements per block.</param>
/// <param name="BlockBytes">Bytes per block.</param>
/// <param name="DType">The exposed element type.</param>
internal sealed record GgmlType(int Id, string Name, int BlockElements, int BlockBytes, TensorDType DType)
{
    // Ids 4, 5 and 31-33, 36-38 were removed from ggml and never appear in valid files.
    private static readonly GgmlType?[] Table = Build(
        new(0, "F32", 1, 4, TensorDType.F32),
        new(1, "F16", 1, 2, TensorDType.F16),
        new(2, "Q4_0", 32, 18, TensorDType.GgmlRaw),
        new(3, "Q4_1", 32, 20, TensorDType.GgmlRaw),
        new(6, "Q5_0", 32, 22, TensorDType.GgmlRaw),
        new(7, "Q5_1", 32, 24, TensorDType.GgmlRaw),
        new(8, "Q8_0", 32, 34, TensorDType.Q8_0),
        new(9, "Q8_1", 32, 36, TensorDType.GgmlRaw),
        new(10, "Q2_K", 256, 84, TensorDType.GgmlRaw),
        new(11, "Q3_K", 256, 110, TensorDType.GgmlRaw),
        new(12, "Q4_K", 256, 144, TensorDType.GgmlRaw),
        new(13, "Q5_K", 256, 176, TensorDType.GgmlRaw),
        new(14, "Q6_K", 256, 210, TensorDType.GgmlRaw),
        new(15, "Q8_K", 256, 292, TensorDType.GgmlRaw),
        new(16, "IQ2_XXS", 256, 66, TensorDType.GgmlRaw),
        new(17, "IQ2_XS", 256, 74, TensorDType.GgmlRaw),
        new(18, "IQ3_XXS", 256, 98, TensorDType.GgmlRaw),
        new(19, "IQ1_S", 256, 50, TensorDType.GgmlRaw),
        new(20, "IQ4_NL", 32, 18, TensorDType.GgmlRaw),
        new(21, "IQ3_S", 256, 110, TensorDType.GgmlRaw),
        new(22, "IQ2_S", 256, 82, TensorDType.GgmlRaw),
        new(23, "IQ4_XS", 256, 136, TensorDType.GgmlRaw),
        new(24, "I8", 1, 1, TensorDType.I8),
        new(25, "I16", 1, 2, TensorDType.I16),
        new(26, "I32", 1, 4, TensorDType.I32),
        new(27, "I64", 1, 8, TensorDType.I64),
        new(28, "F64", 1, 8, TensorDType.F64),
        new(29, "IQ1_M", 256, 56, TensorDType.GgmlRaw),
        new(30, "BF16", 1, 2, TensorDType.BF16),
        new(34, "TQ1_0", 256, 54, TensorDType.GgmlRaw),
        new(35, "TQ2_0", 256, 66, TensorDType.GgmlRaw),
        new(39, "MXFP4", 32, 17, TensorDType.GgmlRaw),
        new(40, "NVFP4", 64, 36, TensorDType.GgmlRaw));

    /// <summary>Whether the type is a GGML block type without a safetensors equivalent (so <see cref="ModelTensor.GgmlTypeName"/> is set).</summary>
    public bool IsBlockType => DType is TensorDType.Q8_0 or TensorDType.GgmlRaw;

    /// <summary>Looks up a type id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The type, or <see langword="null"/> for an unknown id.</returns>
    public static GgmlType? Find(uint id) => id < Table.Length ? Table[id] : null;

    /// <summary>Looks up a type by its GGML name (a manifest's <c>ggml_type</c>; the float and integer types share their safetensors dtype names).</summary>
    /// <param name="name">The name, e.g. <c>Q4_K</c> or <c>F16</c>.</param>
    /// <returns>The type, or <see langword="null"/> for a name GGML does not have.</returns>
    public static GgmlType? Named(string name) => Array.Find(Table, t => t is not null && string.Equals(t.Name, name, StringComparison.Ordinal));

    /// <summary>The known type names, for messages.</summary>
    /// <returns>The names, comma-separated.</returns>
    public static string KnownNames() => string.Join(", ", Table.OfType<GgmlType>().Select(t => t.Name));

    private static GgmlType?[] Build(params GgmlType[] types)
    {
        var table = new GgmlType?[types.Max(t => t.Id) + 1];
        foreach (GgmlType type in types)
        {
            table[type.Id] = type;
        }

        return table;
    }
}
