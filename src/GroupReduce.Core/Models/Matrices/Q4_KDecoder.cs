namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// GGML Q4_K (<c>block_q4_K</c>: half <c>d</c>, half <c>dmin</c>, 12 bytes of 6-bit scales and mins, 128 bytes of
/// 4-bit quants; 144 bytes per 256 values). Eight sub-blocks of 32; each 32 quant bytes hold two sub-blocks (low
/// nibbles, then high); a value is <c>d * scale * q - dmin * min</c>.
/// </summary>
internal sealed class Q4_KDecoder : GgmlBlockDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly Q4_KDecoder Instance = new();

    /// <inheritdoc />
    public override string TypeName => "Q4_K";

    /// <inheritdoc />
    public override int BlockElements => 256;

    /// <inheritdoc />
    public override int BlockBytes => 144;

    /// <inheritdoc />
    protected override void DecodeBlock(ReadOnlySpan<byte> block, Span<float> output)
    {
        float d = Half(block, 0);
        float dmin = Half(block, 2);
        ReadOnlySpan<byte> scales = block.Slice(4, 12);
        for (int pair = 0; pair < 4; pair++)
        {
            ReadOnlySpan<byte> qs = block.Slice(16 + (pair * 32), 32);
            (int scale1, int min1) = KQuantScales.Get(scales, 2 * pair);
            (int scale2, int min2) = KQuantScales.Get(scales, (2 * pair) + 1);
            float d1 = d * scale1, m1 = dmin * min1, d2 = d * scale2, m2 = dmin * min2;
            Span<float> y = output.Slice(pair * 64, 64);
            for (int l = 0; l < 32; l++)
            {
                y[l] = (d1 * (qs[l] & 0x0F)) - m1;
                y[l + 32] = (d2 * (qs[l] >> 4)) - m2;
            }
        }
    }
}
