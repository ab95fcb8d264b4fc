namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// GGML Q2_K (<c>block_q2_K</c>: 16 scale bytes, 64 bytes of 2-bit quants, half <c>d</c>, half <c>dmin</c>; 84
/// bytes per 256 values). Sixteen sub-blocks of 16: scale byte <c>i</c> holds sub-block <c>i</c>'s 4-bit scale
/// (low nibble) and 4-bit min (high nibble); a value is <c>d * scale * q - dmin * min</c>. Each 128-value half
/// reads 32 quant bytes four times, two bits further up each time (bytes 0-15, then 16-31, per sub-block).
/// </summary>
internal sealed class Q2_KDecoder : GgmlBlockDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly Q2_KDecoder Instance = new();

    /// <inheritdoc />
    public override string TypeName => "Q2_K";

    /// <inheritdoc />
    public override int BlockElements => 256;

    /// <inheritdoc />
    public override int BlockBytes => 84;

    /// <inheritdoc />
    protected override void DecodeBlock(ReadOnlySpan<byte> block, Span<float> output)
    {
        ReadOnlySpan<byte> scales = block[..16];
        float d = Half(block, 80);
        float dmin = Half(block, 82);
        int sub = 0;
        int at = 0;
        for (int half = 0; half < 2; half++)
        {
            ReadOnlySpan<byte> qs = block.Slice(16 + (half * 32), 32);
            for (int shift = 0; shift < 8; shift += 2)
            {
                for (int part = 0; part < 2; part++)
                {
                    byte scale = scales[sub++];
                    float dl = d * (scale & 0x0F);
                    float ml = dmin * (scale >> 4);
                    for (int l = 0; l < 16; l++)
                    {
                        output[at++] = (dl * ((qs[(part * 16) + l] >> shift) & 3)) - ml;
                    }
                }
            }
        }
    }
}
