using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GroupReduce.Runtime.Kernels;

namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// IEEE float16 to float32, exactly. With 256- or 512-bit vectors the bits are moved into place with
/// integer operations (rebias the exponent; Inf/NaN get the all-ones exponent; subnormals are
/// renormalised by one float subtraction), which runs several times faster than the general
/// <see cref="TensorPrimitives.ConvertToSingle(ReadOnlySpan{Half}, Span{float})"/>; narrower hardware uses that.
/// </summary>
internal sealed class Float16Decoder : ElementDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly Float16Decoder Instance = new();

    private const uint ExponentMask = 0x7C00u << 13;
    private const uint Rebias = (127 - 15) << 23;
    private const uint OneExponent = 1u << 23;

    // 2^-14 as a float: what a subnormal gains when it is given the smallest normal exponent.
    private static readonly float SubnormalOffset = BitConverter.UInt32BitsToSingle(113u << 23);

    /// <inheritdoc />
    public override int BlockElements => 1;

    /// <inheritdoc />
    public override int BlockBytes => 2;

    /// <inheritdoc />
    public override void Decode(ReadOnlySpan<byte> source, Span<float> destination) => Decode(source, destination, VectorPaths.Best);

    /// <summary>Decodes on a chosen vector path, so that tests can check every path the machine supports.</summary>
    /// <param name="source">The encoded values.</param>
    /// <param name="destination">Receives the floats.</param>
    /// <param name="path">The widest vectors to use.</param>
    internal void Decode(ReadOnlySpan<byte> source, Span<float> destination, VectorPath path) =>
        HalfWordDecoding.Decode<Conversion>(source, destination, path);

    /// <summary>The float16 bit moves, for <see cref="HalfWordDecoding"/>.</summary>
    private readonly struct Conversion : IHalfWordConversion
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Convert(Vector512<uint> half)
        {
            Vector512<uint> sign = Vector512.ShiftLeft(half & Vector512.Create(0x8000u), 16);
            Vector512<uint> magnitude = Vector512.ShiftLeft(half & Vector512.Create(0x7FFFu), 13);
            Vector512<uint> exponent = magnitude & Vector512.Create(ExponentMask);
            magnitude += Vector512.Create(Rebias);
            magnitude += Vector512.Equals(exponent, Vector512.Create(ExponentMask)) & Vector512.Create(Rebias);
            Vector512<float> subnormal = (magnitude + Vector512.Create(OneExponent)).AsSingle() - Vector512.Create(SubnormalOffset);
            Vector512<float> value = Vector512.ConditionalSelect(Vector512.Equals(exponent, Vector512<uint>.Zero).AsSingle(), subnormal, magnitude.AsSingle());
            return (value.AsUInt32() | sign).AsSingle();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Convert(Vector256<uint> half)
        {
            Vector256<uint> sign = Vector256.ShiftLeft(half & Vector256.Create(0x8000u), 16);
            Vector256<uint> magnitude = Vector256.ShiftLeft(half & Vector256.Create(0x7FFFu), 13);
            Vector256<uint> exponent = magnitude & Vector256.Create(ExponentMask);
            magnitude += Vector256.Create(Rebias);
            magnitude += Vector256.Equals(exponent, Vector256.Create(ExponentMask)) & Vector256.Create(Rebias);
            Vector256<float> subnormal = (magnitude + Vector256.Create(OneExponent)).AsSingle() - Vector256.Create(SubnormalOffset);
            Vector256<float> value = Vector256.ConditionalSelect(Vector256.Equals(exponent, Vector256<uint>.Zero).AsSingle(), subnormal, magnitude.AsSingle());
            return (value.AsUInt32() | sign).AsSingle();
        }

        // Below 256 bits (and for the tail) the general conversion is as good as our own.
        public static void ConvertRest(ReadOnlySpan<ushort> bits, Span<float> destination, VectorPath path) =>
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<ushort, Half>(bits), destination);
    }
}
