namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// GGML Q4_0 (<c>block_q4_0</c>: half <c>d</c>, then 16 bytes of 4-bit quants; 18 bytes per 32 values). Byte
/// <c>j</c>'s low nibble is value <c>j</c>, its high nibble value <c>j + 16</c>; a value is <c>(q - 8) * d</c>.
/// </summary>
internal sealed class Q4_0Decoder : GgmlBlockDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly Q4_0Decoder Instance = new();

    /// <inheritdoc />
    public override string TypeName => "Q4_0";

    /// <inheritdoc />
    public override int BlockElements => 32;

    /// <inheritdoc />
    public override int BlockBytes => 18;

    /// <inheritdoc />
    protected override void DecodeBlock(ReadOnlySpan<byte> block, Span<float> output)
    {
        float d = Half(block, 0);
        ReadOnlySpan<byte> qs = block.Slice(2, 16);
        for (int j = 0; j < 16; j++)
        {
            output[j] = ((qs[j] & 0x0F) - 8) * d;
            output[j + 16] = ((qs[j] >> 4) - 8) * d;
        }
    }
}
