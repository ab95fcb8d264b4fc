namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// Converts stored elements to float32. Elements come in blocks (one element for plain types, 32 for
/// GGML Q8_0); callers always pass whole blocks. Implementations are stateless and thread-safe.
/// </summary>
internal abstract class ElementDecoder
{
    /// <summary>Elements per stored block.</summary>
    public abstract int BlockElements { get; }

    /// <summary>Bytes per stored block.</summary>
    public abstract int BlockBytes { get; }

    /// <summary>Whether the stored form is little-endian float32 (so rows can be viewed without copying).</summary>
    public virtual bool IsFloat32 => false;

    /// <summary>Bytes of one row of <paramref name="columns"/> elements (a whole number of blocks).</summary>
    /// <param name="columns">The row width.</param>
    /// <returns>The byte count.</returns>
    public long RowBytes(int columns) => (long)columns / BlockElements * BlockBytes;

    /// <summary>Converts <c>destination.Length</c> elements (a multiple of <see cref="BlockElements"/>).</summary>
    /// <param name="source">Exactly <c>destination.Length / BlockElements * BlockBytes</c> stored bytes.</param>
    /// <param name="destination">The float32 values.</param>
    public abstract void Decode(ReadOnlySpan<byte> source, Span<float> destination);

    /// <summary>The decoder for a stored type, or <see langword="null"/> when the type is not read as float32.</summary>
    /// <param name="type">The stored type.</param>
    /// <returns>The decoder or <see langword="null"/>.</returns>
    public static ElementDecoder? For(TensorDType type) => type switch
    {
        TensorDType.F32 => Float32Decoder.Instance,
        TensorDType.F16 => Float16Decoder.Instance,
        TensorDType.BF16 => BFloat16Decoder.Instance,
        TensorDType.F64 => Float64Decoder.Instance,
        TensorDType.Q8_0 => Q8_0Decoder.Instance,
        _ => null,
    };
}
