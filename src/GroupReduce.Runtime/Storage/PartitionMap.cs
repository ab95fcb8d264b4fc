using System.Buffers.Binary;
using GroupReduce.Runtime.Format;

namespace GroupReduce.Runtime.Storage;

/// <summary>
/// One partition of the manifest (docs/format.md, 3.1): its row→group map checked against the file on open, and the
/// row layout built from it only when a matrix uses it, so no buffer is sized from a declared count the file does not hold.
/// </summary>
internal sealed class PartitionMap
{
    private readonly MappedSafetensors _file;
    private readonly TensorEntry _map;
    private RowLayout? _layout;

    private PartitionMap(MappedSafetensors file, string name, int rows, int groups, TensorEntry map)
    {
        _file = file;
        Name = name;
        Rows = rows;
        Groups = groups;
        _map = map;
    }

    /// <summary>The partition's name.</summary>
    public string Name { get; }

    /// <summary>Vocabulary rows.</summary>
    public int Rows { get; }

    /// <summary>The number of groups.</summary>
    public int Groups { get; }

    /// <summary>Reads a partition and checks its map: shape, dtype and every row's group.</summary>
    /// <param name="file">The artifact.</param>
    /// <param name="json">The partition's manifest object.</param>
    /// <returns>The partition.</returns>
    public static PartitionMap Read(MappedSafetensors file, JsonField json)
    {
        string name = json.Required("name").Name();
        int rows = json.Required("rows").Int32(1, int.MaxValue);
        JsonField groupsField = json.Required("groups");
        int groups = groupsField.Int32(1, ushort.MaxValue + 1);
        string mapName = json.Required("map").Name();
        TensorEntry entry = file.Require(mapName, $"the row→group map of partition {Quoted.Of(name)}", "U8", "U16");
        if (entry.Shape is not [long mapRows] || mapRows != rows)
        {
            throw file.Corrupt($"map {Quoted.Of(mapName)} is {entry.ShapeText}; partition {Quoted.Of(name)} has {rows} rows");
        }

        if (entry.DType == "U8" && groups > byte.MaxValue + 1)
        {
            throw groupsField.Fail($"is {groups}, more than a U8 map can address (256)");
        }

        // Scanned now, without allocating, so that a map pointing past the groups fails on open.
        ReadOnlySpan<byte> bytes = file.Bytes(entry);
        bool wide = entry.DType == "U16";
        for (int i = 0; i < rows; i++)
        {
            int group = wide ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]) : bytes[i];
            if (group >= groups)
            {
                throw file.Corrupt($"map {Quoted.Of(mapName)} puts row {i} in group {group}; partition {Quoted.Of(name)} has {groups} groups");
            }
        }

        return new PartitionMap(file, name, rows, groups, entry);
    }

    /// <summary>The rows' layout, built on first use (the map holds at least one byte per row, so its size is bounded by the file).</summary>
    /// <returns>The layout.</returns>
    public RowLayout Layout()
    {
        if (_layout is not null)
        {
            return _layout;
        }

        ReadOnlySpan<byte> bytes = _file.Bytes(_map);
        bool wide = _map.DType == "U16";
        var groupOf = new int[Rows];
        var positionOf = new int[Rows];
        var counts = new int[Groups];
        for (int i = 0; i < Rows; i++)
        {
            int group = wide ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]) : bytes[i];
            groupOf[i] = group;
            positionOf[i] = counts[group]++;
        }

        var rowsOfGroup = new int[Groups][];
        for (int g = 0; g < Groups; g++)
        {
            rowsOfGroup[g] = counts[g] == 0 ? [] : new int[counts[g]];
        }

        for (int i = 0; i < Rows; i++)
        {
            rowsOfGroup[groupOf[i]][positionOf[i]] = i;
        }

        _layout = new RowLayout(groupOf, positionOf, rowsOfGroup);
        return _layout;
    }
}
