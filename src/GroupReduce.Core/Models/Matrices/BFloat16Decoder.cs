using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GroupReduce.Runtime.Kernels;

namespace GroupReduce.Core.Models.Matrices;

/// <summary>bfloat16: the upper half of a float32, so widening each value and shifting it left by 16 is exact.</summary>
internal sealed class BFloat16Decoder : ElementDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly BFloat16Decoder Instance = new();

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
                Vector512.ShiftLeft(lower, 16).AsSingle().StoreUnsafe(ref to, (nuint)i);
                Vector512.ShiftLeft(upper, 16).AsSingle().StoreUnsafe(ref to, (nuint)(i + Vector512<uint>.Count));
            }
        }
        else if (path >= VectorPath.Vector256)
        {
            for (; i <= count - Vector256<ushort>.Count; i += Vector256<ushort>.Count)
            {
                (Vector256<uint> lower, Vector256<uint> upper) = Vector256.Widen(Vector256.LoadUnsafe(ref from, (nuint)i));
                Vector256.ShiftLeft(lower, 16).AsSingle().StoreUnsafe(ref to, (nuint)i);
                Vector256.ShiftLeft(upper, 16).AsSingle().StoreUnsafe(ref to, (nuint)(i + Vector256<uint>.Count));
            }
        }
        else if (path >= VectorPath.Vector128)
        {
            for (; i <= count - Vector128<ushort>.Count; i += Vector128<ushort>.Count)
            {
                (Vector128<uint> lower, Vector128<uint> upper) = Vector128.Widen(Vector128.LoadUnsafe(ref from, (nuint)i));
                Vector128.ShiftLeft(lower, 16).AsSingle().StoreUnsafe(ref to, (nuint)i);
                Vector128.ShiftLeft(upper, 16).AsSingle().StoreUnsafe(ref to, (nuint)(i + Vector128<uint>.Count));
            }
        }

        for (; i < count; i++)
        {
            Unsafe.Add(ref to, i) = BitConverter.UInt32BitsToSingle((uint)Unsafe.Add(ref from, i) << 16);
        }
    }
}
