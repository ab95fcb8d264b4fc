using System.Numerics.Tensors;
using GroupReduce.Core.Models;

namespace GroupReduce.Bench.Runtime;

/// <summary>
/// A softmax of <c>rows x columns</c> float32 with a bias, shaped like a trained one: rows sorted by frequency, each
/// drawn from one of a few topic subspaces plus word-specific detail that shrinks with rarity (so a Zipf prior and
/// frequency groups fit it, as they fit real vocabularies). Deterministic.
/// </summary>
internal static class SyntheticSoftmax
{
    private const int Topics = 16;
    private const int TopicRank = 24;

    public static void Write(string path, int rows, int columns)
    {
        var topics = new float[Topics][];
        var random = new Random(20181203);
        for (int t = 0; t < Topics; t++)
        {
            topics[t] = new float[TopicRank * columns];
            for (int i = 0; i < topics[t].Length; i++)
            {
                topics[t][i] = Normal(random) / MathF.Sqrt(columns);
            }
        }

        var values = new float[(long)rows * columns];
        var detail = new float[columns];
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = values.AsSpan(r * columns, columns);
            float[] topic = topics[(int)((uint)(r * 2654435761u) % Topics)];
            for (int k = 0; k < TopicRank; k++)
            {
                TensorPrimitives.MultiplyAdd(topic.AsSpan(k * columns, columns), Normal(random), row, row);
            }

            for (int j = 0; j < columns; j++)
            {
                detail[j] = Normal(random);
            }

            TensorPrimitives.MultiplyAdd(detail, (0.2f + (1.5f / MathF.Sqrt(1 + (r / 200f)))) / MathF.Sqrt(columns), row, row);
        }

        float[] bias = Enumerable.Range(0, rows).Select(r => -MathF.Log(r + 2f)).ToArray();
        var entries = new List<SafetensorsEntry>
        {
            new("softmax.weight", "F32", [rows, columns], values.LongLength * 4, s => s.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()))),
            new("softmax.bias", "F32", [rows], rows * 4L, s => s.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(bias.AsSpan()))),
        };
        using FileStream stream = File.Create(path);
        SafetensorsWriter.Write(stream, new Dictionary<string, string>(), entries, CancellationToken.None);
    }

    // Sum of four uniforms, rescaled: close enough to normal for test data and much cheaper than Box-Muller.
    private static float Normal(Random random) =>
        (float)((random.NextDouble() + random.NextDouble() + random.NextDouble() + random.NextDouble() - 2.0) * 1.7320508);
}
