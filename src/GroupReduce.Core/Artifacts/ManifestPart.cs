namespace GroupReduce.Core.Artifacts;

/// <summary>A row range of a stored block, encoded by one scheme.</summary>
/// <param name="FirstRow">The first row within the block.</param>
/// <param name="Rows">Rows in the part.</param>
/// <param name="Columns">Columns.</param>
/// <param name="Scheme"><c>f32</c>, <c>f16</c>, <c>bf16</c>, <c>int</c> or <c>codebook</c>.</param>
/// <param name="Bits">Bits per value.</param>
/// <param name="Block">For <c>int</c>: columns per scale.</param>
/// <param name="Data">The values' tensor.</param>
/// <param name="Scales">For <c>int</c>: the scales' tensor ([rows, ceil(columns/block)], F16 or F32).</param>
/// <param name="Codebook">For <c>codebook</c>: the table's tensor ([2^bits], F32).</param>
public sealed record ManifestPart(long FirstRow, int Rows, int Columns, string Scheme, int Bits, int Block, string Data, string? Scales, string? Codebook);
