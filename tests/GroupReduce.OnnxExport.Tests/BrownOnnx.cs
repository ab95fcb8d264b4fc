using Microsoft.ML.OnnxRuntime;

namespace GroupReduce.OnnxExport.Tests;

/// <summary>The committed Brown model, its committed ONNX export (or a compressed one), and ONNX Runtime running it on the CPU.</summary>
internal sealed class BrownOnnx : IDisposable
{
    private readonly InferenceSession _session;

    /// <summary>Opens an ONNX file of the Brown model: the committed export, or one given (a compressed model.gr.onnx).</summary>
    public BrownOnnx(string? path = null)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 2, InterOpNumThreads = 1 };
        _session = new InferenceSession(path ?? OnnxPath, options);
        IReadOnlyDictionary<string, string> metadata = _session.ModelMetadata.CustomMetadataMap;
        Context = _session.InputMetadata[NplmOnnxExporter.InputName].Dimensions[1];
        Vocabulary = metadata[NplmOnnxExporter.VocabularyKey].Split('\n')[..^1];
        EndOfSentenceId = Array.IndexOf(Vocabulary, metadata["groupreduce.lm.eos"]);
        UnknownId = Array.IndexOf(Vocabulary, metadata["groupreduce.lm.unk"]);
    }

    public static string ModelPath => Path.Combine(AppContext.BaseDirectory, "brown-lm", "lm.safetensors");

    public static string OnnxPath => Path.Combine(AppContext.BaseDirectory, "brown-lm", "lm.onnx");

    public static string TestTextPath => Path.Combine(AppContext.BaseDirectory, "brown-lm", "test.txt");

    /// <summary>Previous words the graph takes, read from its input's shape.</summary>
    public int Context { get; }

    /// <summary>The tokens, read from the ONNX metadata (not from the safetensors file).</summary>
    public string[] Vocabulary { get; }

    public int EndOfSentenceId { get; }

    public int UnknownId { get; }

    /// <summary>Runs the graph on <c>ids.Length / Context</c> contexts; the logits, row-major <c>[batch, V]</c>.</summary>
    public float[] Logits(long[] ids)
    {
        float[] logits = Outputs(ids, NplmOnnxExporter.OutputName)[0];
        Assert.Equal(ids.Length / Context * Vocabulary.Length, logits.Length);
        return logits;
    }

    /// <summary>Runs the graph and returns the float outputs asked for, each row-major.</summary>
    public float[][] Outputs(long[] ids, params string[] names)
    {
        long batch = ids.Length / Context;
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(ids, [batch, Context]);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(runOptions, [NplmOnnxExporter.InputName], [input], names);
        return [.. outputs.Select(o => o.GetTensorDataAsSpan<float>().ToArray())];
    }

    /// <summary>
    /// Every prediction of a token file's sentences as docs/language-model.md defines them, the words mapped with the
    /// ONNX metadata's vocabulary: the contexts (most recent word first, eos before the start) and the targets.
    /// </summary>
    public (long[] Contexts, int[] Targets) Predictions(IEnumerable<string> lines)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Vocabulary.Length; i++)
        {
            ids.TryAdd(Vocabulary[i], i);
        }

        var contexts = new List<long>();
        var targets = new List<int>();
        foreach (string line in lines)
        {
            int[] sentence = [.. line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => ids.TryGetValue(w, out int id) ? id : UnknownId)];
            if (sentence.Length == 0)
            {
                continue;
            }

            for (int t = 0; t <= sentence.Length; t++)
            {
                targets.Add(t < sentence.Length ? sentence[t] : EndOfSentenceId);
                for (int k = 1; k <= Context; k++)
                {
                    contexts.Add(t - k >= 0 ? sentence[t - k] : EndOfSentenceId);
                }
            }
        }

        return ([.. contexts], [.. targets]);
    }

    /// <summary>The summed negative log-likelihood of the targets under ORT's logits, in double, in batches.</summary>
    public double NegativeLogLikelihood(long[] contexts, int[] targets, int batch = 1024)
    {
        int v = Vocabulary.Length;
        double sum = 0;
        for (int first = 0; first < targets.Length; first += batch)
        {
            int count = Math.Min(batch, targets.Length - first);
            float[] logits = Logits(contexts[(first * Context)..((first + count) * Context)]);
            for (int b = 0; b < count; b++)
            {
                sum += LogSumExp(logits.AsSpan(b * v, v)) - logits[(b * v) + targets[first + b]];
            }
        }

        return sum;
    }

    public void Dispose() => _session.Dispose();

    private static double LogSumExp(ReadOnlySpan<float> values)
    {
        double max = double.NegativeInfinity;
        foreach (float x in values)
        {
            max = Math.Max(max, x);
        }

        double sum = 0;
        foreach (float x in values)
        {
            sum += Math.Exp(x - max);
        }

        return max + Math.Log(sum);
    }
}
