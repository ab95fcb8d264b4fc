namespace GroupReduce.Core.Artifacts;

/// <summary>A row→group map shared by one or more matrices.</summary>
/// <param name="Name">The partition's name (<c>p0</c>, <c>p1</c>…).</param>
/// <param name="Rows">Vocabulary rows.</param>
/// <param name="Groups">Number of groups.</param>
/// <param name="Map">The tensor holding each row's group (U8 or U16, shape [rows]).</param>
public sealed record ManifestPartition(string Name, long Rows, int Groups, string Map);
