using System.Buffers.Binary;

namespace GroupReduce.Plugins.Quantizers.Tests;

public class HalfEncodingTests
{
    /// <summary>Every 4099th float bit pattern below float16's overflow point, both signs, plus the edges.</summary>
    private static float[] Sweep(uint limitBits)
    {
        var values = new List<float>();
        for (uint bits = 0; bits < limitBits; bits += 4099)
        {
            values.Add(BitConverter.UInt32BitsToSingle(bits));
            values.Add(-BitConverter.UInt32BitsToSingle(bits));
        }

        values.AddRange([0f, -0f, float.Epsilon, (float)Half.Epsilon, (float)Half.Epsilon / 2, 6.1035156e-5f, 6.1035156e-5f * (1 - 1e-7f), 65504f, 65519.99f, 0.5f, 1f / 3]);
        return [.. values];
    }

    [Fact]
    public void Vector_and_scalar_float16_match_the_runtime_cast_bit_for_bit()
    {
        float[] values = Sweep(BitConverter.SingleToUInt32Bits(65520f));
        byte[] encoded = new byte[values.Length * 2];

        HalfEncoding.EncodeHalf(values, encoded);

        for (int i = 0; i < values.Length; i++)
        {
            ushort expected = BitConverter.HalfToUInt16Bits((Half)values[i]);
            Assert.Equal(expected, BinaryPrimitives.ReadUInt16LittleEndian(encoded.AsSpan(i * 2)));
            Assert.Equal(expected, HalfEncoding.ToHalfBits(values[i]));
        }
    }

    [Fact]
    public void Vector_and_scalar_bfloat16_round_to_the_nearest_even_neighbour()
    {
        float[] values = Sweep(0x7F7F0000);
        byte[] encoded = new byte[values.Length * 2];

        HalfEncoding.EncodeBFloat16(values, encoded);

        for (int i = 0; i < values.Length; i++)
        {
            ushort expected = NearestBFloat16(values[i]);
            Assert.Equal(expected, BinaryPrimitives.ReadUInt16LittleEndian(encoded.AsSpan(i * 2)));
            Assert.Equal(expected, HalfEncoding.ToBFloat16Bits(values[i]));
        }
    }

    private static ushort NearestBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        ushort down = (ushort)(bits >> 16);
        var up = (ushort)(down + 1);
        double distanceDown = Math.Abs(value - (double)BitConverter.UInt32BitsToSingle((uint)down << 16));
        double distanceUp = Math.Abs(value - (double)BitConverter.UInt32BitsToSingle((uint)up << 16));
        return distanceDown < distanceUp || (distanceDown == distanceUp && (down & 1) == 0) ? down : up;
    }
}
