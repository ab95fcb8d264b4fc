using System.Text.Json;
using GroupReduce.Runtime.Storage;

namespace GroupReduce.Runtime.Format;

/// <summary>
/// Reads an artifact's metadata and manifest (docs/format.md, sections 2 to 4) and checks every tensor the manifest names
/// against the file, so that what is built from declared sizes is bounded by the file's own bytes.
/// </summary>
internal static class ManifestReader
{
    /// <summary>Checks the format version and reads the manifest.</summary>
    /// <param name="file">The mapped artifact.</param>
    /// <returns>The matrices, the vocabulary and the manifest's totals.</returns>
    /// <exception cref="ArtifactFormatException">GR2041: no manifest; GR2042: another format version; GR2040: anything damaged.</exception>
    public static ManifestContents Read(MappedSafetensors file)
    {
        if (!file.Metadata.TryGetValue(MetadataKeys.Manifest, out string? manifestText))
        {
            throw new ArtifactFormatException(ArtifactErrorCodes.NotAnArtifact, file.Path, $"is a safetensors file but not a GroupReduce artifact (it has no '{MetadataKeys.Manifest}' metadata). Compress the model with 'groupreduce compress' or the GroupReduceModel build item first.");
        }

        file.Metadata.TryGetValue(MetadataKeys.FormatVersion, out string? versionText);
        if (versionText != ArtifactFormat.VersionText)
        {
            throw new ArtifactFormatException(ArtifactErrorCodes.UnknownVersion, file.Path, $"is a GroupReduce artifact of format version {(versionText is null ? "(none)" : Quoted.Of(versionText))}; this library reads version {ArtifactFormat.Version}. Use a GroupReduce.Runtime that matches the tool that wrote it, or compress the model again.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(manifestText);
        }
        catch (JsonException ex)
        {
            throw file.Corrupt($"the manifest is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            JsonField manifest = JsonField.Root(file, document.RootElement, "the manifest");
            var partitions = new Dictionary<string, PartitionMap>(StringComparer.Ordinal);
            foreach (JsonField json in manifest.Required("partitions").Items())
            {
                PartitionMap partition = PartitionMap.Read(file, json);
                if (!partitions.TryAdd(partition.Name, partition))
                {
                    throw json.Required("name").Fail($"repeats partition {Quoted.Of(partition.Name)}");
                }
            }

            var matrices = new Dictionary<string, CompressedMatrix>(StringComparer.Ordinal);
            foreach (JsonField json in manifest.Required("matrices").Items())
            {
                CompressedMatrix matrix = ReadMatrix(file, json, partitions);
                foreach (string name in matrix.Tied.Prepend(matrix.Name))
                {
                    if (!matrices.TryAdd(name, matrix))
                    {
                        throw json.Fail($"names matrix {Quoted.Of(name)}, which the manifest already lists");
                    }
                }
            }

            TokenVocabulary? vocabulary = manifest.Optional("vocabulary") is { } v ? VocabularyReader.Read(file, v) : null;
            if (vocabulary is not null)
            {
                foreach (CompressedMatrix matrix in matrices.Values.Where(m => m.Rows != vocabulary.Count))
                {
                    throw file.Corrupt($"matrix {Quoted.Of(matrix.Name)} has {matrix.Rows} rows but the vocabulary has {vocabulary.Count} tokens");
                }
            }

            return new ManifestContents(
                matrices,
                vocabulary,
                manifest.Required("method").String(),
                manifest.Required("original_bytes").Int64(0, long.MaxValue),
                manifest.Required("compressed_bytes").Int64(0, long.MaxValue));
        }
    }

    private static CompressedMatrix ReadMatrix(MappedSafetensors file, JsonField json, Dictionary<string, PartitionMap> partitions)
    {
        string name = json.Required("tensor").Name();
        string[] tied = json.Optional("tied")?.Items().Select(t => t.Name()).ToArray() ?? [];
        int rows = json.Required("rows").Int32(1, int.MaxValue);
        int columns = json.Required("columns").Int32(1, ArtifactFormat.MaxColumns);
        JsonField storageField = json.Required("storage");
        string storage = storageField.String();
        if (storage == StorageKinds.Sparse)
        {
            return new CompressedMatrix(name, tied, rows, columns, SparseStorage.Read(file, json.Required("sparse"), name, rows, columns));
        }

        if (storage != StorageKinds.Groups)
        {
            throw storageField.Fail($"is {Quoted.Of(storage)}; expected {StorageKinds.Groups} or {StorageKinds.Sparse}");
        }

        List<JsonField> groupsJson = json.Required("groups").Items();
        if (groupsJson.Count == 0)
        {
            throw json.Required("groups").Fail("is empty; a grouped matrix has at least one group");
        }

        // Each group's row count comes from the map (or is every row, without a partition); the rows that count declares
        // are then proven by the group's own tensors before any array of that size is made.
        RowLayout? layout = null;
        var counts = new int[groupsJson.Count];
        if (json.Optional("partition") is { } partitionField)
        {
            string partitionName = partitionField.Name();
            if (!partitions.TryGetValue(partitionName, out PartitionMap? partition))
            {
                throw partitionField.Fail($"is {Quoted.Of(partitionName)}, which the manifest's partitions do not define");
            }

            if (partition.Rows != rows)
            {
                throw partitionField.Fail($"is {Quoted.Of(partitionName)}, a partition of {partition.Rows} rows; matrix {Quoted.Of(name)} has {rows}");
            }

            layout = partition.Layout();
            for (int g = 0; g < partition.Groups; g++)
            {
                int count = layout.Rows(g).Length;
                if (g >= counts.Length && count > 0)
                {
                    throw file.Corrupt($"matrix {Quoted.Of(name)}: partition {Quoted.Of(partitionName)} puts {count} rows in group {g}, but the matrix lists {counts.Length} groups");
                }

                if (g < counts.Length)
                {
                    counts[g] = count;
                }
            }
        }
        else
        {
            counts[0] = rows;
        }

        var stored = new (GroupKind Kind, int Rank, FactorBlock? Stored, float[]? VTransposed)[groupsJson.Count];
        for (int g = 0; g < stored.Length; g++)
        {
            stored[g] = ReadGroup(file, groupsJson[g], name, g, columns, counts[g]);
        }

        layout ??= RowLayout.Single(rows);
        var groups = new MatrixGroup[stored.Length];
        for (int g = 0; g < groups.Length; g++)
        {
            groups[g] = new MatrixGroup(g, stored[g].Kind, stored[g].Rank, layout.Rows(g), stored[g].Stored, stored[g].VTransposed);
        }

        return new CompressedMatrix(name, tied, rows, columns, groups, layout.GroupOf, layout.PositionOf);
    }

    private static (GroupKind Kind, int Rank, FactorBlock? Stored, float[]? VTransposed) ReadGroup(MappedSafetensors file, JsonField json, string matrix, int g, int columns, int rows)
    {
        string where = $"matrix {Quoted.Of(matrix)} group {g}";
        JsonField index = json.Required("index");
        if (index.Int64(0, long.MaxValue) != g)
        {
            throw index.Fail($"is {index.Value.GetRawText()}; the groups are listed in index order, so it must be {g}");
        }

        JsonField declared = json.Required("rows");
        if (declared.Int64(0, long.MaxValue) != rows)
        {
            throw declared.Fail($"is {declared.Value.GetRawText()}, but the map assigns {where} {rows} rows");
        }

        JsonField kindField = json.Required("kind");
        string kind = kindField.String();
        switch (kind)
        {
            case GroupKinds.Empty when rows == 0:
                return (GroupKind.Empty, 0, null, null);
            case GroupKinds.Empty:
                throw kindField.Fail($"is '{GroupKinds.Empty}', but the map assigns {where} {rows} rows");
            case GroupKinds.Dense:
                return (GroupKind.Dense, columns, FactorBlock.Read(file, json.Required("dense"), rows, columns, where + " dense"), null);
            case GroupKinds.LowRank:
                int rank = json.Required("rank").Int32(1, int.MaxValue);
                FactorBlock u = FactorBlock.Read(file, json.Required("u"), rows, rank, where + " u");
                FactorBlock v = FactorBlock.Read(file, json.Required("v"), columns, rank, where + " v");
                return (GroupKind.LowRank, rank, u, v.DecodeTransposed());
            default:
                throw kindField.Fail($"is {Quoted.Of(kind)}; expected {GroupKinds.Empty}, {GroupKinds.Dense} or {GroupKinds.LowRank}");
        }
    }
}
