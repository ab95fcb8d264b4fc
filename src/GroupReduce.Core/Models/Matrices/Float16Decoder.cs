using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace GroupReduce.Core.Models.Matrices;

/// <summary>IEEE float16, converted with the vectorised <see cref="TensorPrimitives.ConvertToSingle(ReadOnlySpan{Half}, Span{float})"/>.</summary>
internal sealed class Float16Decoder : ElementDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly Float16Decoder Instance = new();

    /// <inheritdoc />
    public override int BlockElements => 1;

    /// <inheritdoc />
    public override int BlockBytes => 2;

    /// <inheritdoc />
    public override void Decode(ReadOnlySpan<byte> source, Span<float> destination) =>
        TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(source), destination);
}
