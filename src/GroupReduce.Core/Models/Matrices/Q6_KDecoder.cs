namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// GGML Q6_K (<c>block_q6_K</c>: 128 bytes <c>ql</c> of low nibbles, 64 bytes <c>qh</c> of high bit pairs, 16
/// int8 scales, half <c>d</c>; 210 bytes per 256 values). Each 128-value half uses 64 <c>ql</c> bytes, 32
/// <c>qh</c> bytes and 8 scales: value <c>l + 32k</c> (k = 0..3) takes a nibble of <c>ql[l]</c> or
/// <c>ql[l + 32]</c> and bits <c>2k, 2k+1</c> of <c>qh[l]</c>; a value is <c>d * scale * (q - 32)</c>, one scale
/// per 16 values.
/// </summary>
internal sealed class Q6_KDecoder : GgmlBlockDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly Q6_KDecoder Instance = new();

    /// <inheritdoc />
    public override string TypeName => "Q6_K";

    /// <inheritdoc />
    public override int BlockElements => 256;

    /// <inheritdoc />
    public override int BlockBytes => 210;

    /// <inheritdoc />
    protected override void DecodeBlock(ReadOnlySpan<byte> block, Span<float> output)
    {
        float d = Half(block, 208);
        for (int half = 0; half < 2; half++)
        {
            ReadOnlySpan<byte> ql = block.Slice(half * 64, 64);
            ReadOnlySpan<byte> qh = block.Slice(128 + (half * 32), 32);
            ReadOnlySpan<byte> scales = block.Slice(192 + (half * 8), 8);
            Span<float> y = output.Slice(half * 128, 128);
            for (int l = 0; l < 32; l++)
            {
                int s = l / 16;
                int q1 = ((ql[l] & 0x0F) | (((qh[l] >> 0) & 3) << 4)) - 32;
                int q2 = ((ql[l + 32] & 0x0F) | (((qh[l] >> 2) & 3) << 4)) - 32;
                int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                y[l] = d * (sbyte)scales[s] * q1;
                y[l + 32] = d * (sbyte)scales[s + 2] * q2;
                y[l + 64] = d * (sbyte)scales[s + 4] * q3;
                y[l + 96] = d * (sbyte)scales[s + 6] * q4;
            }
        }
    }
}
