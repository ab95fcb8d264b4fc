using System.Buffers.Binary;

namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// GGML Q5_1 (<c>block_q5_1</c>: half <c>d</c>, half <c>m</c>, 4 bytes <c>qh</c>, 16 bytes of low nibbles; 24
/// bytes per 32 values). Bits are laid out as in Q5_0; a value is <c>q * d + m</c>.
/// </summary>
internal sealed class Q5_1Decoder : GgmlBlockDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly Q5_1Decoder Instance = new();

    /// <inheritdoc />
    public override string TypeName => "Q5_1";

    /// <inheritdoc />
    public override int BlockElements => 32;

    /// <inheritdoc />
    public override int BlockBytes => 24;

    /// <inheritdoc />
    protected override void DecodeBlock(ReadOnlySpan<byte> block, Span<float> output)
    {
        float d = Half(block, 0);
        float m = Half(block, 2);
        uint qh = BinaryPrimitives.ReadUInt32LittleEndian(block.Slice(4, 4));
        ReadOnlySpan<byte> qs = block.Slice(8, 16);
        for (int j = 0; j < 16; j++)
        {
            int low = (qs[j] & 0x0F) | (int)(((qh >> j) & 1) << 4);
            int high = (qs[j] >> 4) | (int)(((qh >> (j + 16)) & 1) << 4);
            output[j] = (low * d) + m;
            output[j + 16] = (high * d) + m;
        }
    }
}
