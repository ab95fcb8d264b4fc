using System.Numerics.Tensors;
using GroupReduce.Core.Models;

namespace GroupReduce.Bench;

/// <summary>
/// Writes an OBW-shaped model: an embedding and a softmax of <c>rows x dim</c> float32, rows sorted by
/// frequency (so a Zipf prior over row order gives the frequencies, as for word2vec files), each row drawn
/// from one of a few latent topic subspaces plus word-specific detail that shrinks with rarity. Generated
/// in parallel, chunk by chunk, straight into the file: deterministic for given options.
/// </summary>
internal static class ObwProblem
{
    private const int Topics = 32;
    private const int TopicRank = 24;
    private const int ChunkRows = 4096;

    public static string EnsureModel(BenchOptions options, TextWriter log)
    {
        Directory.CreateDirectory(options.DataFolder);
        string path = Path.Combine(options.DataFolder, $"obw-{options.Rows}x{options.Dim}.safetensors");
        if (File.Exists(path) && !options.Regenerate)
        {
            log.WriteLine($"using {path} ({new FileInfo(path).Length / 1e9:0.00} GB)");
            return path;
        }

        log.WriteLine($"generating {path}: 2 x {options.Rows:N0} x {options.Dim} float32 ({2.0 * options.Rows * options.Dim * 4 / 1e9:0.00} GB)...");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var entries = new List<SafetensorsEntry>
        {
            Matrix("embedding", options, seed: 11),
            Matrix("softmax", options, seed: 29),
        };
        string temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 22))
        {
            SafetensorsWriter.Write(stream, new Dictionary<string, string> { ["description"] = "OBW-shaped benchmark problem" }, entries, CancellationToken.None);
        }

        File.Move(temporary, path, overwrite: true);
        log.WriteLine($"generated in {clock.Elapsed.TotalSeconds:0.0} s");
        return path;
    }

    private static SafetensorsEntry Matrix(string name, BenchOptions options, int seed) =>
        new(name, "F32", [options.Rows, options.Dim], (long)options.Rows * options.Dim * 4, stream => Generate(stream, options, seed));

    private static void Generate(Stream stream, BenchOptions options, int seed)
    {
        int d = options.Dim;
        float[][] topics = Enumerable.Range(0, Topics).Select(t => Gaussian(new Random(seed * 1000 + t), TopicRank * d, 1.0f / MathF.Sqrt(d))).ToArray();
        int chunks = (options.Rows + ChunkRows - 1) / ChunkRows;
        int window = Math.Max(2, options.Threads * 2);
        for (int start = 0; start < chunks; start += window)
        {
            int count = Math.Min(window, chunks - start);
            var buffers = new float[count][];
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, k =>
            {
                int chunk = start + k;
                int first = chunk * ChunkRows;
                int rows = Math.Min(ChunkRows, options.Rows - first);
                buffers[k] = Rows(first, rows, d, topics, new Random(seed + (chunk * 7919)));
            });
            foreach (float[] buffer in buffers)
            {
                stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(buffer.AsSpan()));
            }
        }
    }

    private static float[] Rows(int first, int rows, int d, float[][] topics, Random random)
    {
        var values = new float[rows * d];
        var detail = new float[d];
        for (int r = 0; r < rows; r++)
        {
            int word = first + r;
            Span<float> row = values.AsSpan(r * d, d);
            float[] topic = topics[(int)((uint)(word * 2654435761u) % Topics)];
            for (int k = 0; k < TopicRank; k++)
            {
                TensorPrimitives.MultiplyAdd(topic.AsSpan(k * d, d), Normal(random), row, row);
            }

            float scale = 0.2f + (1.5f / MathF.Sqrt(1 + (word / 200f)));
            for (int j = 0; j < d; j++)
            {
                detail[j] = Normal(random);
            }

            TensorPrimitives.MultiplyAdd(detail, scale / MathF.Sqrt(d), row, row);
        }

        return values;
    }

    private static float[] Gaussian(Random random, int count, float scale)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = scale * Normal(random);
        }

        return values;
    }

    // Sum of four uniforms, rescaled: close enough to normal for test data and much cheaper than Box-Muller.
    private static float Normal(Random random) =>
        (float)((random.NextDouble() + random.NextDouble() + random.NextDouble() + random.NextDouble() - 2.0) * 1.7320508);
}
