using System.Buffers.Binary;
using System.Text.Json;
using GroupReduce.Core.Models;
using Xunit;

namespace GroupReduce.Testing.Engine;

/// <summary>
/// Rebuilds the compressed matrices of an artifact by following docs/format.md alone: it parses the
/// manifest as plain JSON and decodes every scheme by hand, so it checks the format description and the
/// writer independently of the engine's own decoding.
/// </summary>
public static class ArtifactDecoder
{
    public static Dictionary<string, float[]> Decode(string path)
    {
        using ModelFile file = ModelFileReader.Open(path);
        Assert.Equal("1", file.Metadata["groupreduce.format_version"]);
        using JsonDocument manifest = JsonDocument.Parse(file.Metadata["groupreduce.manifest"]);
        var maps = new Dictionary<string, int[]>();
        foreach (JsonElement partition in manifest.RootElement.GetProperty("partitions").EnumerateArray())
        {
            ModelTensor map = file.FindTensor(partition.GetProperty("map").GetString()!)!;
            byte[] bytes = Raw(map);
            int width = map.DType == TensorDType.U8 ? 1 : 2;
            maps[partition.GetProperty("name").GetString()!] = Enumerable.Range(0, bytes.Length / width)
                .Select(i => width == 1 ? bytes[i] : (int)BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2)))
                .ToArray();
        }

        var result = new Dictionary<string, float[]>();
        foreach (JsonElement matrix in manifest.RootElement.GetProperty("matrices").EnumerateArray())
        {
            int rows = matrix.GetProperty("rows").GetInt32();
            int columns = matrix.GetProperty("columns").GetInt32();
            var values = new float[rows * columns];
            if (matrix.GetProperty("storage").GetString() == "sparse")
            {
                JsonElement sparse = matrix.GetProperty("sparse");
                int[] starts = Integers(file, sparse.GetProperty("row_start").GetString()!);
                int[] cols = Integers(file, sparse.GetProperty("column_indices").GetString()!);
                float[] kept = Floats(file, sparse.GetProperty("values").GetString()!);
                for (int i = 0; i < rows; i++)
                {
                    for (int e = starts[i]; e < starts[i + 1]; e++)
                    {
                        values[(i * columns) + cols[e]] = kept[e];
                    }
                }
            }
            else
            {
                int[] map = matrix.TryGetProperty("partition", out JsonElement p) && p.ValueKind == JsonValueKind.String ? maps[p.GetString()!] : new int[rows];
                var position = new int[rows];
                var counts = new Dictionary<int, int>();
                for (int i = 0; i < rows; i++)
                {
                    counts.TryGetValue(map[i], out int k);
                    position[i] = k;
                    counts[map[i]] = k + 1;
                }

                foreach (JsonElement group in matrix.GetProperty("groups").EnumerateArray())
                {
                    int index = group.GetProperty("index").GetInt32();
                    string kind = group.GetProperty("kind").GetString()!;
                    if (kind == "empty")
                    {
                        continue;
                    }

                    int groupRows = group.GetProperty("rows").GetInt32();
                    int rank = group.GetProperty("rank").GetInt32();
                    float[] block = Block(file, group.GetProperty(kind == "dense" ? "dense" : "u"), groupRows, kind == "dense" ? columns : rank);
                    float[]? v = kind == "lowrank" ? Block(file, group.GetProperty("v"), columns, rank) : null;
                    for (int i = 0; i < rows; i++)
                    {
                        if (map[i] != index)
                        {
                            continue;
                        }

                        int k = position[i];
                        for (int j = 0; j < columns; j++)
                        {
                            if (v is null)
                            {
                                values[(i * columns) + j] = block[(k * columns) + j];
                            }
                            else
                            {
                                double sum = 0;
                                for (int r = 0; r < rank; r++)
                                {
                                    sum += (double)block[(k * rank) + r] * v[(j * rank) + r];
                                }

                                values[(i * columns) + j] = (float)sum;
                            }
                        }
                    }
                }
            }

            result[matrix.GetProperty("tensor").GetString()!] = values;
        }

        return result;
    }

    private static float[] Block(ModelFile file, JsonElement parts, int rows, int columns)
    {
        var values = new float[rows * columns];
        foreach (JsonElement part in parts.EnumerateArray())
        {
            int first = part.GetProperty("first_row").GetInt32();
            int partRows = part.GetProperty("rows").GetInt32();
            int bits = part.GetProperty("bits").GetInt32();
            byte[] data = Raw(file.FindTensor(part.GetProperty("data").GetString()!)!);
            string scheme = part.GetProperty("scheme").GetString()!;
            int rowBytes = ((columns * bits) + 7) / 8;
            float[]? scales = part.TryGetProperty("scales", out JsonElement s) && s.ValueKind == JsonValueKind.String ? Floats(file, s.GetString()!) : null;
            float[]? codebook = part.TryGetProperty("codebook", out JsonElement c) && c.ValueKind == JsonValueKind.String ? Floats(file, c.GetString()!) : null;
            int block = part.GetProperty("block").GetInt32();
            for (int r = 0; r < partRows; r++)
            {
                for (int j = 0; j < columns; j++)
                {
                    int at = ((first + r) * columns) + j;
                    values[at] = scheme switch
                    {
                        "f32" => BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(((r * columns) + j) * 4)),
                        "f16" => (float)BinaryPrimitives.ReadHalfLittleEndian(data.AsSpan(((r * columns) + j) * 2)),
                        "bf16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(((r * columns) + j) * 2)) << 16),
                        "int" => Signed(Field(data, r * rowBytes, j, bits), bits) * scales![(r * ((columns + block - 1) / block)) + (j / block)],
                        _ => codebook![Field(data, r * rowBytes, j, bits)],
                    };
                }
            }
        }

        return values;
    }

    private static int Field(byte[] data, int rowStart, int column, int bits)
    {
        int value = 0;
        for (int b = 0; b < bits; b++)
        {
            long bit = ((long)column * bits) + b;
            int set = (data[rowStart + (int)(bit / 8)] >> (int)(bit % 8)) & 1;
            value |= set << b;
        }

        return value;
    }

    private static int Signed(int value, int bits) => value >= 1 << (bits - 1) ? value - (1 << bits) : value;

    private static byte[] Raw(ModelTensor tensor)
    {
        using var stream = new MemoryStream();
        tensor.CopyRawTo(stream, CancellationToken.None);
        return stream.ToArray();
    }

    private static float[] Floats(ModelFile file, string name)
    {
        ModelTensor tensor = file.FindTensor(name)!;
        byte[] bytes = Raw(tensor);
        return tensor.DType == TensorDType.F16
            ? Enumerable.Range(0, bytes.Length / 2).Select(i => (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(i * 2))).ToArray()
            : Enumerable.Range(0, bytes.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4))).ToArray();
    }

    private static int[] Integers(ModelFile file, string name)
    {
        ModelTensor tensor = file.FindTensor(name)!;
        byte[] bytes = Raw(tensor);
        return tensor.DType switch
        {
            TensorDType.U16 => Enumerable.Range(0, bytes.Length / 2).Select(i => (int)BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2))).ToArray(),
            TensorDType.I32 => Enumerable.Range(0, bytes.Length / 4).Select(i => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * 4))).ToArray(),
            _ => Enumerable.Range(0, bytes.Length / 8).Select(i => checked((int)BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i * 8)))).ToArray(),
        };
    }
}
