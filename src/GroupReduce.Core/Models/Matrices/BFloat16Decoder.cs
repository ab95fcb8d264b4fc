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
    internal void Decode(ReadOnlySpan<byte> source, Span<float> destination, VectorPath path) =>
        HalfWordDecoding.Decode<Conversion>(source, destination, path);

    /// <summary>The bfloat16 shift, for <see cref="HalfWordDecoding"/>.</summary>
    private readonly struct Conversion : IHalfWordConversion
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Convert(Vector512<uint> bits) => Vector512.ShiftLeft(bits, 16).AsSingle();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Convert(Vector256<uint> bits) => Vector256.ShiftLeft(bits, 16).AsSingle();

        public static void ConvertRest(ReadOnlySpan<ushort> bits, Span<float> destination, VectorPath path)
        {
            int count = destination.Length;
            ref ushort from = ref MemoryMarshal.GetReference(bits);
            ref float to = ref MemoryMarshal.GetReference(destination);
            int i = 0;

            // Only a forced (or the machine's best) 128-bit path: the wider loops leave less than one 128-bit block.
            if (path == VectorPath.Vector128)
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
}
