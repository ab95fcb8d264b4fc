namespace GroupReduce.Core.Storage;

/// <summary>A stored tensor (a group's U, V or dense rows), in one or more row parts.</summary>
/// <param name="Rows">Rows of the whole block.</param>
/// <param name="Columns">Columns.</param>
/// <param name="Parts">The parts, in row order.</param>
internal sealed record StoredBlock(long Rows, int Columns, IReadOnlyList<StoredPart> Parts)
{
    public long Bytes => Parts.Sum(p => p.Bytes);
}
