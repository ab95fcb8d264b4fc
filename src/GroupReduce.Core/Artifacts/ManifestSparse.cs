namespace GroupReduce.Core.Artifacts;

/// <summary>A pruned matrix in compressed sparse row form.</summary>
/// <param name="Entries">Kept entries.</param>
/// <param name="RowStart">[rows + 1] I32 or I64: row <c>i</c>'s entries are <c>[row_start[i], row_start[i+1])</c>.</param>
/// <param name="ColumnIndices">[entries] U16 or I32.</param>
/// <param name="Values">[entries] F32.</param>
public sealed record ManifestSparse(long Entries, string RowStart, string ColumnIndices, string Values);
