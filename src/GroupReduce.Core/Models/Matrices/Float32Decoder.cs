using System.Runtime.InteropServices;

namespace GroupReduce.Core.Models.Matrices;

/// <summary>Little-endian float32: a plain copy.</summary>
internal sealed class Float32Decoder : ElementDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly Float32Decoder Instance = new();

    /// <inheritdoc />
    public override int BlockElements => 1;

    /// <inheritdoc />
    public override int BlockBytes => sizeof(float);

    /// <inheritdoc />
    public override bool IsFloat32 => true;

    /// <inheritdoc />
    public override void Decode(ReadOnlySpan<byte> source, Span<float> destination) =>
        MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
}
