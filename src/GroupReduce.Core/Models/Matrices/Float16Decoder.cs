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
    internal void Decode(ReadOnlySpan<byte> source, Span<float> destination, VectorPath path)
    {
        ReadOnlySpan<ushort> bits = MemoryMarshal.Cast<byte, ushort>(source);
        int count = destination.Length;
        if (bits.Length < count)
        {
            throw new ArgumentException("Source is shorter than destination.", nameof(source));
        }

        ref ushort from = ref MemoryMarshal.GetReference(bits);
        ref float to = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (path >= VectorPath.Vector512)
        {
            for (; i <= count - Vector512<ushort>.Count; i += Vector512<ushort>.Count)
            {
                (Vector512<uint> lower, Vector512<uint> upper) = Vector512.Widen(Vector512.LoadUnsafe(ref from, (nuint)i));
                Convert(lower).StoreUnsafe(ref to, (nuint)i);
                Convert(upper).StoreUnsafe(ref to, (nuint)(i + Vector512<uint>.Count));
            }
        }
        else if (path >= VectorPath.Vector256)
        {
            for (; i <= count - Vector256<ushort>.Count; i += Vector256<ushort>.Count)
            {
                (Vector256<uint> lower, Vector256<uint> upper) = Vector256.Widen(Vector256.LoadUnsafe(ref from, (nuint)i));
                Convert(lower).StoreUnsafe(ref to, (nuint)i);
                Convert(upper).StoreUnsafe(ref to, (nuint)(i + Vector256<uint>.Count));
            }
        }

        if (i < count)
        {
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<ushort, Half>(bits.Slice(i, count - i)), destination[i..]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Convert(Vector512<uint> half)
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
    private static Vector256<float> Convert(Vector256<uint> half)
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
}
