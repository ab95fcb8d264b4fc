using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace GroupReduce.Plugins.Quantizers;

/// <summary>
/// float32 to float16 / bfloat16 with round-to-nearest-even, vectorised with integer arithmetic
/// (a scalar <see cref="Half"/> cast costs several nanoseconds a value). Inputs must be finite and
/// within the target's range; the quantizer checks that first.
/// </summary>
internal static class HalfEncoding
{
    // float16 subnormals: adding 0.5f lines the ten mantissa bits up at the bottom of the float, and
    // the float adder's own round-to-nearest-even does the rounding.
    private const uint SubnormalMagic = 126u << 23;

    // Below 2^-14 a float16 is subnormal.
    private const uint SmallestNormalHalf = 113u << 23;

    // Rebiases the exponent from 127 to 15 (mod 2^32) and adds the rounding bias below bit 13.
    private const uint NormalBias = unchecked((uint)(15 - 127) << 23) + 0xFFFu;

    public static ushort ToHalfBits(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        uint sign = (bits >> 16) & 0x8000u;
        uint magnitude = bits & 0x7FFFFFFFu;
        uint half = magnitude < SmallestNormalHalf
            ? BitConverter.SingleToUInt32Bits(BitConverter.UInt32BitsToSingle(magnitude) + BitConverter.UInt32BitsToSingle(SubnormalMagic)) - SubnormalMagic
            : unchecked(magnitude + NormalBias + ((magnitude >> 13) & 1u)) >> 13;
        return (ushort)(half | sign);
    }

    public static ushort ToBFloat16Bits(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        return (ushort)(unchecked(bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }

    public static void EncodeHalf(ReadOnlySpan<float> input, Span<byte> output)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && BitConverter.IsLittleEndian)
        {
            Span<ushort> words = MemoryMarshal.Cast<byte, ushort>(output);
            int step = 2 * Vector<uint>.Count;
            for (; i <= input.Length - step; i += step)
            {
                Vector<uint> low = HalfBits(Vector.AsVectorUInt32(new Vector<float>(input[i..])));
                Vector<uint> high = HalfBits(Vector.AsVectorUInt32(new Vector<float>(input[(i + Vector<uint>.Count)..])));
                Vector.Narrow(low, high).CopyTo(words[i..]);
            }
        }

        for (; i < input.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(output[(i * 2)..], ToHalfBits(input[i]));
        }
    }

    public static void EncodeBFloat16(ReadOnlySpan<float> input, Span<byte> output)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && BitConverter.IsLittleEndian)
        {
            Span<ushort> words = MemoryMarshal.Cast<byte, ushort>(output);
            int step = 2 * Vector<uint>.Count;
            for (; i <= input.Length - step; i += step)
            {
                Vector<uint> low = BFloat16Bits(Vector.AsVectorUInt32(new Vector<float>(input[i..])));
                Vector<uint> high = BFloat16Bits(Vector.AsVectorUInt32(new Vector<float>(input[(i + Vector<uint>.Count)..])));
                Vector.Narrow(low, high).CopyTo(words[i..]);
            }
        }

        for (; i < input.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(output[(i * 2)..], ToBFloat16Bits(input[i]));
        }
    }

    private static Vector<uint> HalfBits(Vector<uint> bits)
    {
        Vector<uint> sign = Vector.ShiftRightLogical(bits, 16) & new Vector<uint>(0x8000u);
        Vector<uint> magnitude = bits & new Vector<uint>(0x7FFFFFFFu);
        var magic = new Vector<uint>(SubnormalMagic);
        Vector<uint> subnormal = Vector.AsVectorUInt32(Vector.AsVectorSingle(magnitude) + Vector.AsVectorSingle(magic)) - magic;
        Vector<uint> odd = Vector.ShiftRightLogical(magnitude, 13) & Vector<uint>.One;
        Vector<uint> normal = Vector.ShiftRightLogical(magnitude + new Vector<uint>(NormalBias) + odd, 13);
        Vector<uint> isSubnormal = Vector.LessThan(magnitude, new Vector<uint>(SmallestNormalHalf));
        return Vector.ConditionalSelect(isSubnormal, subnormal, normal) | sign;
    }

    private static Vector<uint> BFloat16Bits(Vector<uint> bits)
    {
        Vector<uint> odd = Vector.ShiftRightLogical(bits, 16) & Vector<uint>.One;
        return Vector.ShiftRightLogical(bits + new Vector<uint>(0x7FFFu) + odd, 16);
    }
}
