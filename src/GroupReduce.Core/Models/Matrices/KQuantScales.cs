namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// The 12-byte scale field of GGML Q4_K and Q5_K (ggml's <c>get_scale_min_k4</c>): eight 6-bit scales and eight
/// 6-bit mins. Sub-blocks 0-3 keep theirs in the low 6 bits of bytes 0-3 (scales) and 4-7 (mins); sub-blocks 4-7
/// take their low 4 bits from the nibbles of bytes 8-11 and their top 2 bits from the spare top bits of bytes 0-7.
/// </summary>
internal static class KQuantScales
{
    /// <summary>Unpacks sub-block <paramref name="j"/>'s scale and min.</summary>
    /// <param name="scales">The 12 bytes.</param>
    /// <param name="j">The sub-block, 0 to 7.</param>
    /// <returns>The 6-bit scale and min.</returns>
    public static (int Scale, int Min) Get(ReadOnlySpan<byte> scales, int j) => j < 4
        ? (scales[j] & 63, scales[j + 4] & 63)
        : ((scales[j + 4] & 0x0F) | ((scales[j - 4] >> 6) << 4), (scales[j + 4] >> 4) | ((scales[j] >> 6) << 4));
}
