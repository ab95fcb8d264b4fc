using System.Buffers.Binary;

namespace GroupReduce.Core.Tests.Models;

/// <summary>
/// An independent decoder of GGML's quantized blocks for the tests, written from the block structs of ggml-common.h
/// and element by element (where element <c>i</c> of a block finds its bits), not loop by loop as the product does.
/// Arithmetic is float32 in ggml's order, so results must match the reader bit for bit.
/// </summary>
internal static class GgmlReferenceDecoder
{
    /// <summary>Block layouts by GGML type id: name, values per block, bytes per block, and where its float16 fields are.</summary>
    public static readonly IReadOnlyDictionary<uint, (string Name, int Elements, int Bytes, int[] Halves)> Layouts =
        new Dictionary<uint, (string, int, int, int[])>
        {
            [2] = ("Q4_0", 32, 18, [0]),
            [3] = ("Q4_1", 32, 20, [0, 2]),
            [6] = ("Q5_0", 32, 22, [0]),
            [7] = ("Q5_1", 32, 24, [0, 2]),
            [10] = ("Q2_K", 256, 84, [80, 82]),
            [11] = ("Q3_K", 256, 110, [108]),
            [12] = ("Q4_K", 256, 144, [0, 2]),
            [13] = ("Q5_K", 256, 176, [0, 2]),
            [14] = ("Q6_K", 256, 210, [208]),
        };

    /// <summary>Decodes whole blocks of a type.</summary>
    public static float[] Decode(uint type, byte[] data)
    {
        (_, int elements, int bytes, _) = Layouts[type];
        var values = new float[data.Length / bytes * elements];
        for (int b = 0; b < data.Length / bytes; b++)
        {
            ReadOnlySpan<byte> x = data.AsSpan(b * bytes, bytes);
            for (int i = 0; i < elements; i++)
            {
                values[(b * elements) + i] = Element(type, x, i);
            }
        }

        return values;
    }

    private static float Element(uint type, ReadOnlySpan<byte> x, int i) => type switch
    {
        2 => (Nibble(x[2..], i) - 8) * F16(x, 0),
        3 => (Nibble(x[4..], i) * F16(x, 0)) + F16(x, 2),
        6 => ((Nibble(x[6..], i) | (HighBit(x[2..], i) << 4)) - 16) * F16(x, 0),
        7 => ((Nibble(x[8..], i) | (HighBit(x[4..], i) << 4)) * F16(x, 0)) + F16(x, 2),
        10 => Q2K(x, i),
        11 => Q3K(x, i),
        12 => Q45K(x, i, x.Slice(16, 128), null),
        13 => Q45K(x, i, x.Slice(48, 128), x.Slice(16, 32)),
        _ => Q6K(x, i),
    };

    // Blocks of 32: byte i % 16 holds values i (low nibble) and i + 16 (high nibble).
    private static int Nibble(ReadOnlySpan<byte> qs, int i) => i < 16 ? qs[i] & 15 : qs[i - 16] >> 4;

    // Q5_0/Q5_1: the four qh bytes are one little-endian uint32 whose bit i is value i's fifth bit.
    private static int HighBit(ReadOnlySpan<byte> qh, int i) => (int)((BinaryPrimitives.ReadUInt32LittleEndian(qh) >> i) & 1);

    // Q2_K: value i is in 128-value half h, 32-value quarter k (bits 2k, 2k+1), position w of the half's 32 bytes;
    // scale byte i / 16 has the scale (low nibble) and min (high nibble).
    private static float Q2K(ReadOnlySpan<byte> x, int i)
    {
        (int h, int k, int w) = (i / 128, i % 128 / 32, i % 32);
        int q = (x[16 + (h * 32) + w] >> (2 * k)) & 3;
        byte sm = x[i / 16];
        float dl = F16(x, 80) * (sm & 15);
        float ml = F16(x, 82) * (sm >> 4);
        return (dl * q) - ml;
    }

    // Q3_K: as Q2_K for the low bits; the high bit is bit (4h + k) of hmask[w]; scales are unpacked as ggml does,
    // through four little-endian words and the 0x03030303 / 0x0f0f0f0f masks.
    private static float Q3K(ReadOnlySpan<byte> x, int i)
    {
        (int h, int k, int w) = (i / 128, i % 128 / 32, i % 32);
        int low = (x[32 + (h * 32) + w] >> (2 * k)) & 3;
        bool high = (x[w] & (1 << ((4 * h) + k))) != 0;
        Span<byte> raw = stackalloc byte[16];
        x.Slice(96, 12).CopyTo(raw);
        uint a0 = BinaryPrimitives.ReadUInt32LittleEndian(raw), a1 = BinaryPrimitives.ReadUInt32LittleEndian(raw[4..]), t = BinaryPrimitives.ReadUInt32LittleEndian(raw[8..]);
        uint[] aux =
        [
            (a0 & 0x0f0f0f0f) | ((t & 0x03030303) << 4),
            (a1 & 0x0f0f0f0f) | (((t >> 2) & 0x03030303) << 4),
            ((a0 >> 4) & 0x0f0f0f0f) | (((t >> 4) & 0x03030303) << 4),
            ((a1 >> 4) & 0x0f0f0f0f) | (((t >> 6) & 0x03030303) << 4),
        ];
        int scale = (sbyte)(byte)(aux[i / 16 / 4] >> (8 * (i / 16 % 4)));
        float dl = F16(x, 108) * (scale - 32);
        return dl * (low - (high ? 0 : 4));
    }

    // Q4_K/Q5_K: value i is in 32-value sub-block s; sub-blocks 2p and 2p+1 share quant bytes 32p..32p+31 (low, then
    // high nibbles); Q5_K's fifth bit is bit s of qh[i % 32].
    private static float Q45K(ReadOnlySpan<byte> x, int i, ReadOnlySpan<byte> qs, ReadOnlySpan<byte> qh)
    {
        int s = i / 32;
        byte packed = qs[(s / 2 * 32) + (i % 32)];
        int q = (s % 2 == 0 ? packed & 15 : packed >> 4) + (qh.IsEmpty ? 0 : ((qh[i % 32] >> s) & 1) * 16);
        ReadOnlySpan<byte> sc = x.Slice(4, 12);
        int scale = s < 4 ? sc[s] & 63 : (sc[s + 4] & 15) | ((sc[s - 4] >> 6) << 4);
        int min = s < 4 ? sc[s + 4] & 63 : (sc[s + 4] >> 4) | ((sc[s] >> 6) << 4);
        float d = F16(x, 0) * scale;
        float m = F16(x, 2) * min;
        return (d * q) - m;
    }

    // Q6_K: value i is in half h, quarter k, position l; the low nibble comes from ql[64h + l + 32(k % 2)] (low
    // nibble for k < 2), the top two bits from bits 2k of qh[32h + l]; its int8 scale is scales[i / 16].
    private static float Q6K(ReadOnlySpan<byte> x, int i)
    {
        (int h, int k, int l) = (i / 128, i % 128 / 32, i % 32);
        byte lowByte = x[(64 * h) + l + (32 * (k % 2))];
        int low = k < 2 ? lowByte & 15 : lowByte >> 4;
        int high = (x[128 + (32 * h) + l] >> (2 * k)) & 3;
        return F16(x, 208) * (sbyte)x[192 + (i / 16)] * ((low | (high << 4)) - 32);
    }

    private static float F16(ReadOnlySpan<byte> x, int at) => (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(x[at..]));
}
