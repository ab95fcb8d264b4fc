namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// GGML Q5_K (<c>block_q5_K</c>: half <c>d</c>, half <c>dmin</c>, 12 bytes of 6-bit scales and mins, 32 bytes
/// <c>qh</c>, 128 bytes of low nibbles; 176 bytes per 256 values). As Q4_K, plus a fifth bit: sub-block <c>s</c>'s
/// value <c>l</c> takes bit <c>s</c> of <c>qh[l]</c> (worth 16).
/// </summary>
internal sealed class Q5_KDecoder : GgmlBlockDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly Q5_KDecoder Instance = new();

    /// <inheritdoc />
    public override string TypeName => "Q5_K";

    /// <inheritdoc />
    public override int BlockElements => 256;

    /// <inheritdoc />
    public override int BlockBytes => 176;

    /// <inheritdoc />
    protected override void DecodeBlock(ReadOnlySpan<byte> block, Span<float> output)
    {
        float d = Half(block, 0);
        float dmin = Half(block, 2);
        ReadOnlySpan<byte> scales = block.Slice(4, 12);
        ReadOnlySpan<byte> qh = block.Slice(16, 32);
        for (int pair = 0; pair < 4; pair++)
        {
            ReadOnlySpan<byte> qs = block.Slice(48 + (pair * 32), 32);
            (int scale1, int min1) = KQuantScales.Get(scales, 2 * pair);
            (int scale2, int min2) = KQuantScales.Get(scales, (2 * pair) + 1);
            float d1 = d * scale1, m1 = dmin * min1, d2 = d * scale2, m2 = dmin * min2;
            int bit1 = 1 << (2 * pair), bit2 = 2 << (2 * pair);
            Span<float> y = output.Slice(pair * 64, 64);
            for (int l = 0; l < 32; l++)
            {
                y[l] = (d1 * ((qs[l] & 0x0F) + ((qh[l] & bit1) != 0 ? 16 : 0))) - m1;
                y[l + 32] = (d2 * ((qs[l] >> 4) + ((qh[l] & bit2) != 0 ? 16 : 0))) - m2;
            }
        }
    }
}
