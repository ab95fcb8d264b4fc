using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace GroupReduce.Core.Tests.Export;

/// <summary>
/// A reader written from docs/format.md alone, sharing no code with the product: it parses the safetensors container by
/// hand (8-byte length, header JSON, data section), the manifest as plain JSON, and decodes every part scheme (f32, f16,
/// bf16, int with bit packing and block scales, codebook), the row→group maps with each row's position in its group, and
/// the CSR sparse form. Low-rank rows are summed in float32, rank by rank, as docs/format.md's formula reads.
/// </summary>
internal sealed class FormatSpecReader
{
    private readonly byte[] _bytes;
    private readonly long _dataStart;

    public FormatSpecReader(string path)
    {
        _bytes = File.ReadAllBytes(path);
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(_bytes);
        _dataStart = 8 + headerLength;
        using JsonDocument header = JsonDocument.Parse(Encoding.UTF8.GetString(_bytes, 8, (int)headerLength));
        foreach (JsonProperty entry in header.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__")
            {
                foreach (JsonProperty item in entry.Value.EnumerateObject())
                {
                    Metadata[item.Name] = item.Value.GetString()!;
                }

                continue;
            }

            JsonElement offsets = entry.Value.GetProperty("data_offsets");
            Tensors[entry.Name] = new Tensor(
                entry.Value.GetProperty("dtype").GetString()!,
                [.. entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())],
                offsets[0].GetInt64(),
                offsets[1].GetInt64());
        }
    }

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Tensor> Tensors { get; } = new(StringComparer.Ordinal);

    /// <summary>A tensor's stored bytes.</summary>
    public byte[] Bytes(string name)
    {
        Tensor tensor = Tensors[name];
        return _bytes.AsSpan((int)(_dataStart + tensor.Begin), (int)(tensor.End - tensor.Begin)).ToArray();
    }

    /// <summary>The names the manifest uses for the compressed form (maps, parts, scales, codebooks, sparse arrays).</summary>
    public HashSet<string> CompressedTensorNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        using JsonDocument manifest = JsonDocument.Parse(Metadata["groupreduce.manifest"]);
        foreach (JsonElement partition in manifest.RootElement.GetProperty("partitions").EnumerateArray())
        {
            names.Add(partition.GetProperty("map").GetString()!);
        }

        foreach (JsonElement matrix in manifest.RootElement.GetProperty("matrices").EnumerateArray())
        {
            if (matrix.TryGetProperty("sparse", out JsonElement sparse) && sparse.ValueKind == JsonValueKind.Object)
            {
                names.UnionWith(new[] { "row_start", "column_indices", "values" }.Select(k => sparse.GetProperty(k).GetString()!));
            }

            foreach (JsonElement group in matrix.GetProperty("groups").EnumerateArray())
            {
                foreach (string block in new[] { "u", "v", "dense" })
                {
                    if (!group.TryGetProperty(block, out JsonElement parts) || parts.ValueKind != JsonValueKind.Array)
                    {
                        continue;
                    }

                    foreach (JsonElement part in parts.EnumerateArray())
                    {
                        foreach (string key in new[] { "data", "scales", "codebook" })
                        {
                            if (part.TryGetProperty(key, out JsonElement name) && name.ValueKind == JsonValueKind.String)
                            {
                                names.Add(name.GetString()!);
                            }
                        }
                    }
                }
            }
        }

        return names;
    }

    /// <summary>Every compressed matrix, rebuilt: tensor name, tied names, original dtype, rows, columns, values.</summary>
    public List<Matrix> Matrices()
    {
        using JsonDocument manifest = JsonDocument.Parse(Metadata["groupreduce.manifest"]);
        var maps = new Dictionary<string, int[]>();
        foreach (JsonElement partition in manifest.RootElement.GetProperty("partitions").EnumerateArray())
        {
            string map = partition.GetProperty("map").GetString()!;
            byte[] bytes = Bytes(map);
            maps[partition.GetProperty("name").GetString()!] = Tensors[map].DType == "U8"
                ? [.. bytes.Select(b => (int)b)]
                : [.. Enumerable.Range(0, bytes.Length / 2).Select(i => (int)BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2)))];
        }

        var result = new List<Matrix>();
        foreach (JsonElement matrix in manifest.RootElement.GetProperty("matrices").EnumerateArray())
        {
            int rows = matrix.GetProperty("rows").GetInt32();
            int columns = matrix.GetProperty("columns").GetInt32();
            float[] values = matrix.GetProperty("storage").GetString() == "sparse"
                ? Sparse(matrix.GetProperty("sparse"), rows, columns)
                : Grouped(matrix, maps, rows, columns);
            result.Add(new Matrix(
                matrix.GetProperty("tensor").GetString()!,
                [.. matrix.GetProperty("tied").EnumerateArray().Select(t => t.GetString()!)],
                matrix.GetProperty("original_dtype").GetString()!,
                rows,
                columns,
                values));
        }

        return result;
    }

    private float[] Sparse(JsonElement sparse, int rows, int columns)
    {
        var values = new float[rows * columns];
        long[] starts = Integers(sparse.GetProperty("row_start").GetString()!);
        long[] indices = Integers(sparse.GetProperty("column_indices").GetString()!);
        float[] kept = Floats(sparse.GetProperty("values").GetString()!);
        for (int i = 0; i < rows; i++)
        {
            for (long e = starts[i]; e < starts[i + 1]; e++)
            {
                values[(i * columns) + indices[e]] = kept[e];
            }
        }

        return values;
    }

    private float[] Grouped(JsonElement matrix, Dictionary<string, int[]> maps, int rows, int columns)
    {
        int[] map = matrix.TryGetProperty("partition", out JsonElement p) && p.ValueKind == JsonValueKind.String ? maps[p.GetString()!] : new int[rows];
        // Step 3 of "Reading an artifact": each row's position within its group, one pass over the map.
        var position = new int[rows];
        var seen = new Dictionary<int, int>();
        for (int i = 0; i < rows; i++)
        {
            seen.TryGetValue(map[i], out int k);
            position[i] = k;
            seen[map[i]] = k + 1;
        }

        var groups = matrix.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("index").GetInt32());
        var values = new float[rows * columns];
        var decoded = new Dictionary<int, (float[] Block, float[]? V, int Width)>();
        for (int i = 0; i < rows; i++)
        {
            JsonElement group = groups[map[i]];
            string kind = group.GetProperty("kind").GetString()!;
            if (kind == "empty")
            {
                continue;
            }

            if (!decoded.TryGetValue(map[i], out (float[] Block, float[]? V, int Width) blocks))
            {
                int groupRows = group.GetProperty("rows").GetInt32();
                int rank = group.GetProperty("rank").GetInt32();
                blocks = kind == "dense"
                    ? (Block(group.GetProperty("dense"), groupRows, columns), null, columns)
                    : (Block(group.GetProperty("u"), groupRows, rank), Block(group.GetProperty("v"), columns, rank), rank);
                decoded[map[i]] = blocks;
            }

            int row = position[i];
            for (int j = 0; j < columns; j++)
            {
                if (blocks.V is not { } v)
                {
                    values[(i * columns) + j] = blocks.Block[(row * columns) + j];
                    continue;
                }

                // â_i[j] = Σ_r u[k, r] · v[j, r], in float32, r ascending.
                float sum = 0;
                for (int r = 0; r < blocks.Width; r++)
                {
                    sum += blocks.Block[(row * blocks.Width) + r] * v[(j * blocks.Width) + r];
                }

                values[(i * columns) + j] = sum;
            }
        }

        return values;
    }

    private float[] Block(JsonElement parts, int rows, int columns)
    {
        var values = new float[rows * columns];
        foreach (JsonElement part in parts.EnumerateArray())
        {
            long first = part.GetProperty("first_row").GetInt64();
            int partRows = part.GetProperty("rows").GetInt32();
            int bits = part.GetProperty("bits").GetInt32();
            string scheme = part.GetProperty("scheme").GetString()!;
            byte[] data = Bytes(part.GetProperty("data").GetString()!);
            int rowBytes = ((columns * bits) + 7) / 8;
            float[]? scales = scheme == "int" ? Floats(part.GetProperty("scales").GetString()!) : null;
            float[]? codebook = scheme == "codebook" ? Floats(part.GetProperty("codebook").GetString()!) : null;
            int block = scheme == "int" ? part.GetProperty("block").GetInt32() : 0;
            for (int r = 0; r < partRows; r++)
            {
                for (int j = 0; j < columns; j++)
                {
                    int at = (r * columns) + j;
                    values[((first + r) * columns) + j] = scheme switch
                    {
                        "f32" => BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(at * 4)),
                        "f16" => (float)BinaryPrimitives.ReadHalfLittleEndian(data.AsSpan(at * 2)),
                        "bf16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at * 2)) << 16),
                        "int" => IntegerValue(data, scales![(r * ((columns + block - 1) / block)) + (j / block)], r, j, columns, bits, rowBytes),
                        "codebook" => codebook![Field(data, r * rowBytes, j, bits)],
                        _ => throw new InvalidDataException($"scheme {scheme} is not in docs/format.md"),
                    };
                }
            }
        }

        return values;
    }

    // Scale b of a row applies to columns [b·block, (b+1)·block).
    private static float IntegerValue(byte[] data, float scale, int r, int j, int columns, int bits, int rowBytes)
    {
        // With bits = 8 the data is plain I8; below, a two's complement field of the row's bits, least significant bit first.
        int q = bits == 8 ? (sbyte)data[(r * columns) + j] : Signed(Field(data, r * rowBytes, j, bits), bits);
        return q * scale;
    }

    private static int Field(byte[] data, int rowStart, int column, int bits)
    {
        int value = 0;
        for (int b = 0; b < bits; b++)
        {
            long bit = ((long)column * bits) + b;
            value |= ((data[rowStart + (int)(bit / 8)] >> (int)(bit % 8)) & 1) << b;
        }

        return value;
    }

    private static int Signed(int value, int bits) => value >= 1 << (bits - 1) ? value - (1 << bits) : value;

    private float[] Floats(string name)
    {
        byte[] bytes = Bytes(name);
        return Tensors[name].DType == "F16"
            ? [.. Enumerable.Range(0, bytes.Length / 2).Select(i => (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(i * 2)))]
            : [.. Enumerable.Range(0, bytes.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4)))];
    }

    private long[] Integers(string name)
    {
        byte[] bytes = Bytes(name);
        return Tensors[name].DType switch
        {
            "U16" => [.. Enumerable.Range(0, bytes.Length / 2).Select(i => (long)BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2)))],
            "I32" => [.. Enumerable.Range(0, bytes.Length / 4).Select(i => (long)BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * 4)))],
            _ => [.. Enumerable.Range(0, bytes.Length / 8).Select(i => BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i * 8)))],
        };
    }

    internal sealed record Tensor(string DType, long[] Shape, long Begin, long End);

    internal sealed record Matrix(string Name, string[] Tied, string OriginalDType, int Rows, int Columns, float[] Values);
}
