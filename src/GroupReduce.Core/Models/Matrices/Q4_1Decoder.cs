namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// GGML Q4_1 (<c>block_q4_1</c>: half <c>d</c>, half <c>m</c>, then 16 bytes of 4-bit quants; 20 bytes per 32
/// values). Nibbles are laid out as in Q4_0; a value is <c>q * d + m</c>.
/// </summary>
internal sealed class Q4_1Decoder : GgmlBlockDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly Q4_1Decoder Instance = new();

    /// <inheritdoc />
    public override string TypeName => "Q4_1";

    /// <inheritdoc />
    public override int BlockElements => 32;

    /// <inheritdoc />
    public override int BlockBytes => 20;

    /// <inheritdoc />
    protected override void DecodeBlock(ReadOnlySpan<byte> block, Span<float> output)
    {
        float d = Half(block, 0);
        float m = Half(block, 2);
        ReadOnlySpan<byte> qs = block.Slice(4, 16);
        for (int j = 0; j < 16; j++)
        {
            output[j] = ((qs[j] & 0x0F) * d) + m;
            output[j + 16] = ((qs[j] >> 4) * d) + m;
        }
    }
}
