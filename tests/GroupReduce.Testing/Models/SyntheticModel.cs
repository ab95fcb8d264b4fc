using System.Globalization;
using GroupReduce.Core.Models;

namespace GroupReduce.Testing.Models;

/// <summary>
/// Small power-law vocabulary matrices with group structure (rows from a few topic subspaces, frequent
/// rows with more detail), written as a safetensors model with a counts file and a vocabulary file.
/// </summary>
public sealed class SyntheticModel
{
    public required int Rows { get; init; }

    public required int Columns { get; init; }

    public required float[] Embedding { get; init; }

    public required float[] Softmax { get; init; }

    public required float[] Bias { get; init; }

    public required long[] Counts { get; init; }

    public required string[] Tokens { get; init; }

    public static SyntheticModel Create(int rows = 600, int columns = 24, int seed = 7)
    {
        var random = new Random(seed);
        float[] Matrix()
        {
            const int topics = 5, rank = 4;
            float[][] bases = Enumerable.Range(0, topics).Select(_ => Enumerable.Range(0, rank * columns).Select(_ => Normal(random)).ToArray()).ToArray();
            var values = new float[rows * columns];
            for (int i = 0; i < rows; i++)
            {
                float[] basis = bases[i % topics];
                for (int k = 0; k < rank; k++)
                {
                    float z = Normal(random);
                    for (int j = 0; j < columns; j++)
                    {
                        values[(i * columns) + j] += z * basis[(k * columns) + j] / MathF.Sqrt(columns);
                    }
                }

                float detail = 0.1f + (1.0f / MathF.Sqrt(1 + (i / 10f)));
                for (int j = 0; j < columns; j++)
                {
                    values[(i * columns) + j] += detail * Normal(random) / MathF.Sqrt(columns);
                }
            }

            return values;
        }

        return new SyntheticModel
        {
            Rows = rows,
            Columns = columns,
            Embedding = Matrix(),
            Softmax = Matrix(),
            Bias = Enumerable.Range(0, rows).Select(i => (float)-Math.Log(i + 1)).ToArray(),
            Counts = Enumerable.Range(0, rows).Select(i => (long)Math.Round(100_000 / Math.Pow(i + 1, 1.1)) + 1).ToArray(),
            Tokens = Enumerable.Range(0, rows).Select(i => $"tok{i}").ToArray(),
        };
    }

    public string Write(TempFolder folder, string name = "lm.safetensors", IReadOnlyDictionary<string, float[]>? extra = null)
    {
        var entries = new List<SafetensorsEntry>
        {
            Entry("encoder.weight", Embedding, Rows, Columns),
            Entry("decoder.weight", Softmax, Rows, Columns),
            Entry("decoder.bias", Bias, Rows),
        };
        foreach ((string tensor, float[] values) in extra ?? new Dictionary<string, float[]>())
        {
            entries.Add(Entry(tensor, values, Rows, Columns));
        }

        string path = folder.File(name);
        using (FileStream stream = File.Create(path))
        {
            SafetensorsWriter.Write(stream, new Dictionary<string, string> { ["format"] = "pt" }, entries, CancellationToken.None);
        }

        File.WriteAllLines(folder.File("vocab.txt"), Tokens);
        File.WriteAllLines(folder.File("counts.tsv"), Tokens.Select((t, i) => $"{t}\t{Counts[i].ToString(CultureInfo.InvariantCulture)}"));
        return path;
    }

    public static SafetensorsEntry Entry(string name, float[] values, params long[] shape) =>
        new(name, "F32", shape, values.Length * 4L, stream => stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())));

    private static float Normal(Random random)
    {
        double u = 1.0 - random.NextDouble();
        double v = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v));
    }
}
