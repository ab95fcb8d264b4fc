using System.Buffers.Binary;

namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// GGML Q5_0 (<c>block_q5_0</c>: half <c>d</c>, 4 bytes <c>qh</c>, 16 bytes of low nibbles; 22 bytes per 32
/// values). Value <c>j</c>'s fifth bit is bit <c>j</c> of <c>qh</c> read as a little-endian uint32; a value is
/// <c>(q - 16) * d</c>.
/// </summary>
internal sealed class Q5_0Decoder : GgmlBlockDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly Q5_0Decoder Instance = new();

    /// <inheritdoc />
    public override string TypeName => "Q5_0";

    /// <inheritdoc />
    public override int BlockElements => 32;

    /// <inheritdoc />
    public override int BlockBytes => 22;

    /// <inheritdoc />
    protected override void DecodeBlock(ReadOnlySpan<byte> block, Span<float> output)
    {
        float d = Half(block, 0);
        uint qh = BinaryPrimitives.ReadUInt32LittleEndian(block.Slice(2, 4));
        ReadOnlySpan<byte> qs = block.Slice(6, 16);
        for (int j = 0; j < 16; j++)
        {
            int low = (qs[j] & 0x0F) | (int)(((qh >> j) & 1) << 4);
            int high = (qs[j] >> 4) | (int)(((qh >> (j + 16)) & 1) << 4);
            output[j] = (low - 16) * d;
            output[j + 16] = (high - 16) * d;
        }
    }
}
