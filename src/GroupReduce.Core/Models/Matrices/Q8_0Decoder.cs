using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GroupReduce.Runtime.Kernels;

namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// GGML Q8_0: blocks of 34 bytes, a float16 scale <c>d</c> then 32 int8 quants; value <c>j</c> is
/// <c>d * q[j]</c> computed in float32, as ggml's <c>dequantize_row_q8_0</c> does.
/// </summary>
internal sealed class Q8_0Decoder : ElementDecoder
{
    /// <summary>Elements per block.</summary>
    public const int Elements = 32;

    /// <summary>Bytes per block.</summary>
    public const int Bytes = 34;

    /// <summary>The shared instance.</summary>
    public static readonly Q8_0Decoder Instance = new();

    /// <inheritdoc />
    public override int BlockElements => Elements;

    /// <inheritdoc />
    public override int BlockBytes => Bytes;

    /// <inheritdoc />
    public override void Decode(ReadOnlySpan<byte> source, Span<float> destination) => Decode(source, destination, VectorPaths.Best);

    /// <summary>Decodes on a chosen vector path, so that tests can check every path the machine supports.</summary>
    /// <param name="source">The encoded values.</param>
    /// <param name="destination">Receives the floats.</param>
    /// <param name="path">The widest vectors to use.</param>
    internal void Decode(ReadOnlySpan<byte> source, Span<float> destination, VectorPath path)
    {
        int blocks = destination.Length / Elements;
        if (destination.Length % Elements != 0 || source.Length < blocks * Bytes)
        {
            throw new ArgumentException("Q8_0 data must be whole 34-byte blocks.", nameof(source));
        }

        ref byte from = ref MemoryMarshal.GetReference(source);
        ref float to = ref MemoryMarshal.GetReference(destination);
        for (int b = 0; b < blocks; b++)
        {
            ref byte block = ref Unsafe.Add(ref from, b * Bytes);
            float scale = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(MemoryMarshal.CreateReadOnlySpan(ref block, 2)));
            ref sbyte quants = ref Unsafe.As<byte, sbyte>(ref Unsafe.Add(ref block, 2));
            ref float output = ref Unsafe.Add(ref to, b * Elements);
            if (path >= VectorPath.Vector256)
            {
                Vector256<float> d = Vector256.Create(scale);
                (Vector256<short> low, Vector256<short> high) = Vector256.Widen(Vector256.LoadUnsafe(ref quants));
                (Vector256<int> q0, Vector256<int> q1) = Vector256.Widen(low);
                (Vector256<int> q2, Vector256<int> q3) = Vector256.Widen(high);
                (Vector256.ConvertToSingle(q0) * d).StoreUnsafe(ref output, 0);
                (Vector256.ConvertToSingle(q1) * d).StoreUnsafe(ref output, 8);
                (Vector256.ConvertToSingle(q2) * d).StoreUnsafe(ref output, 16);
                (Vector256.ConvertToSingle(q3) * d).StoreUnsafe(ref output, 24);
            }
            else if (path >= VectorPath.Vector128)
            {
                Vector128<float> d = Vector128.Create(scale);
                for (nuint half = 0; half < Elements; half += 16)
                {
                    (Vector128<short> low, Vector128<short> high) = Vector128.Widen(Vector128.LoadUnsafe(ref quants, half));
                    (Vector128<int> q0, Vector128<int> q1) = Vector128.Widen(low);
                    (Vector128<int> q2, Vector128<int> q3) = Vector128.Widen(high);
                    (Vector128.ConvertToSingle(q0) * d).StoreUnsafe(ref output, half);
                    (Vector128.ConvertToSingle(q1) * d).StoreUnsafe(ref output, half + 4);
                    (Vector128.ConvertToSingle(q2) * d).StoreUnsafe(ref output, half + 8);
                    (Vector128.ConvertToSingle(q3) * d).StoreUnsafe(ref output, half + 12);
                }
            }
            else
            {
                for (int j = 0; j < Elements; j++)
                {
                    Unsafe.Add(ref output, j) = scale * Unsafe.Add(ref quants, j);
                }
            }
        }
    }
}
