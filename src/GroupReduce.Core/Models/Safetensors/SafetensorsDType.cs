namespace GroupReduce.Core.Models;

/// <summary>
/// The safetensors dtype names this project reads and writes, their element sizes, and their mapping
/// to <see cref="TensorDType"/>. GGML block types (<see cref="TensorDType.Q8_0"/>, <see cref="TensorDType.GgmlRaw"/>)
/// have no safetensors dtype: pass them through as <see cref="U8"/> byte tensors
/// (see <see cref="SafetensorsEntry.PassThrough"/>).
/// </summary>
public static class SafetensorsDType
{
    /// <summary>float64.</summary>
    public const string F64 = "F64";

    /// <summary>float32.</summary>
    public const string F32 = "F32";

    /// <summary>float16.</summary>
    public const string F16 = "F16";

    /// <summary>bfloat16.</summary>
    public const string BF16 = "BF16";

    /// <summary>int64.</summary>
    public const string I64 = "I64";

    /// <summary>int32.</summary>
    public const string I32 = "I32";

    /// <summary>int16.</summary>
    public const string I16 = "I16";

    /// <summary>int8.</summary>
    public const string I8 = "I8";

    /// <summary>uint64.</summary>
    public const string U64 = "U64";

    /// <summary>uint32.</summary>
    public const string U32 = "U32";

    /// <summary>uint16.</summary>
    public const string U16 = "U16";

    /// <summary>uint8 (also the carrier for raw GGML block bytes).</summary>
    public const string U8 = "U8";

    /// <summary>bool, one byte per element.</summary>
    public const string Bool = "BOOL";

    /// <summary>Every supported dtype name.</summary>
    public static IReadOnlyList<string> All { get; } = [F64, F32, F16, BF16, I64, I32, I16, I8, U64, U32, U16, U8, Bool];

    /// <summary>Looks up a dtype name (case-sensitive, as the format requires).</summary>
    /// <param name="name">The dtype name, e.g. <c>F32</c>.</param>
    /// <param name="type">The element type.</param>
    /// <param name="elementSize">Bytes per element.</param>
    /// <returns>Whether the name is supported.</returns>
    public static bool TryParse(string name, out TensorDType type, out int elementSize)
    {
        (type, elementSize) = name switch
        {
            F64 => (TensorDType.F64, 8),
            F32 => (TensorDType.F32, 4),
            F16 => (TensorDType.F16, 2),
            BF16 => (TensorDType.BF16, 2),
            I64 => (TensorDType.I64, 8),
            I32 => (TensorDType.I32, 4),
            I16 => (TensorDType.I16, 2),
            I8 => (TensorDType.I8, 1),
            U64 => (TensorDType.U64, 8),
            U32 => (TensorDType.U32, 4),
            U16 => (TensorDType.U16, 2),
            U8 => (TensorDType.U8, 1),
            Bool => (TensorDType.Bool, 1),
            _ => (default(TensorDType), 0),
        };
        return elementSize != 0;
    }

    /// <summary>The safetensors name of an element type, or <see langword="null"/> for GGML block types, which have none.</summary>
    /// <param name="type">The element type.</param>
    /// <returns>The dtype name or <see langword="null"/>.</returns>
    public static string? FromTensorDType(TensorDType type) => type switch
    {
        TensorDType.F64 => F64,
        TensorDType.F32 => F32,
        TensorDType.F16 => F16,
        TensorDType.BF16 => BF16,
        TensorDType.I64 => I64,
        TensorDType.I32 => I32,
        TensorDType.I16 => I16,
        TensorDType.I8 => I8,
        TensorDType.U64 => U64,
        TensorDType.U32 => U32,
        TensorDType.U16 => U16,
        TensorDType.U8 => U8,
        TensorDType.Bool => Bool,
        _ => null,
    };
}
