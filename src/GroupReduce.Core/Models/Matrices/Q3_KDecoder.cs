namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// GGML Q3_K (<c>block_q3_K</c>: 32 bytes <c>hmask</c>, 64 bytes of low 2-bit quants, 12 bytes of 6-bit scales,
/// half <c>d</c>; 110 bytes per 256 values). Sixteen sub-blocks of 16; a value is <c>d * (scale - 32) * (q - 4)</c>
/// where the high bit, when set in <c>hmask</c>, cancels the <c>- 4</c>. The quant bytes are walked as in Q2_K;
/// the mask bit moves up one each time the shift moves up two.
/// </summary>
internal sealed class Q3_KDecoder : GgmlBlockDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly Q3_KDecoder Instance = new();

    /// <inheritdoc />
    public override string TypeName => "Q3_K";

    /// <inheritdoc />
    public override int BlockElements => 256;

    /// <inheritdoc />
    public override int BlockBytes => 110;

    /// <inheritdoc />
    protected override void DecodeBlock(ReadOnlySpan<byte> block, Span<float> output)
    {
        ReadOnlySpan<byte> hmask = block[..32];
        ReadOnlySpan<byte> scales = block.Slice(96, 12);
        float d = Half(block, 108);
        int sub = 0;
        int at = 0;
        int mask = 1;
        for (int half = 0; half < 2; half++)
        {
            ReadOnlySpan<byte> qs = block.Slice(32 + (half * 32), 32);
            for (int shift = 0; shift < 8; shift += 2)
            {
                for (int part = 0; part < 2; part++)
                {
                    float dl = d * (Scale(scales, sub++) - 32);
                    for (int l = 0; l < 16; l++)
                    {
                        int i = (part * 16) + l;
                        int q = ((qs[i] >> shift) & 3) - ((hmask[i] & mask) != 0 ? 0 : 4);
                        output[at++] = dl * q;
                    }
                }

                mask <<= 1;
            }
        }
    }

    // Sixteen 6-bit scales in 12 bytes: low 4 bits from the nibbles of bytes 0-7 (low nibbles for scales 0-7, high
    // for 8-15), top 2 bits from bytes 8-11, two bits per scale, one bit pair further up per group of four.
    private static int Scale(ReadOnlySpan<byte> scales, int i)
    {
        int low = i < 8 ? scales[i] & 0x0F : scales[i - 8] >> 4;
        int high = (scales[8 + (i % 4)] >> (2 * (i / 4))) & 3;
        return low | (high << 4);
    }
}
