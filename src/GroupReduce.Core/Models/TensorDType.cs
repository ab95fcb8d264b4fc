namespace GroupReduce.Core.Models;

/// <summary>Element types of input tensors.</summary>
public enum TensorDType
{
    /// <summary>float64.</summary>
    F64,

    /// <summary>float32.</summary>
    F32,

    /// <summary>float16.</summary>
    F16,

    /// <summary>bfloat16.</summary>
    BF16,

    /// <summary>int64.</summary>
    I64,

    /// <summary>int32.</summary>
    I32,

    /// <summary>int16.</summary>
    I16,

    /// <summary>int8.</summary>
    I8,

    /// <summary>uint64.</summary>
    U64,

    /// <summary>uint32.</summary>
    U32,

    /// <summary>uint16.</summary>
    U16,

    /// <summary>uint8.</summary>
    U8,

    /// <summary>bool (one byte).</summary>
    Bool,

    /// <summary>GGML Q8_0: blocks of 32 int8 values with one float16 scale (34 bytes).</summary>
    Q8_0,

    /// <summary>
    /// Another GGML block type (<see cref="ModelTensor.GgmlTypeName"/> names it), kept as raw bytes when passed
    /// through. Q4_0, Q4_1, Q5_0, Q5_1 and Q2_K to Q6_K matrices are also read as float32 (for compression); the
    /// others (IQ*, TQ*, Q8_1, Q8_K, MXFP4, ...) are passed through only.
    /// </summary>
    GgmlRaw,
}
