using Microsoft.ML.OnnxRuntime;

namespace NextWordOnnx;

/// <summary>
/// Runs the repository's <c>nplm</c> language model (docs/language-model.md) from a compressed ONNX model with ONNX
/// Runtime alone: the graph takes the previous words' ids and returns the next word's logits; the vocabulary and the
/// model's settings come from the ONNX metadata the exporter wrote and the compression kept.
/// </summary>
public sealed class NextWordOnnxPredictor : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _input;
    private readonly string _output;
    private readonly Dictionary<string, int> _ids;
    private readonly int _unknown;
    private readonly int _endOfSentence;

    private NextWordOnnxPredictor(InferenceSession session, string input, string output, string[] vocabulary, int context, int unknown, int endOfSentence)
    {
        _session = session;
        _input = input;
        _output = output;
        Vocabulary = vocabulary;
        Context = context;
        _unknown = unknown;
        _endOfSentence = endOfSentence;
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < vocabulary.Length; i++)
        {
            _ids.TryAdd(vocabulary[i], i);
        }
    }

    /// <summary>The number of previous words the model looks at (the second dimension of its input).</summary>
    public int Context { get; }

    /// <summary>The tokens in id order (metadata <c>groupreduce.vocab</c>, one a line).</summary>
    public IReadOnlyList<string> Vocabulary { get; }

    /// <summary>Opens an ONNX file of an nplm model: the graph's one input (ids) and its one output (logits).</summary>
    /// <param name="path">The compressed model, e.g. lm.gr.onnx (its external data file, if any, beside it).</param>
    /// <returns>The predictor; dispose it to release the session.</returns>
    /// <exception cref="InvalidDataException">The model is not of the nplm family or lacks its vocabulary or settings.</exception>
    public static NextWordOnnxPredictor Open(string path)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 2, InterOpNumThreads = 1 };
        var session = new InferenceSession(path, options);
        try
        {
            IReadOnlyDictionary<string, string> metadata = session.ModelMetadata.CustomMetadataMap;
            if (!metadata.TryGetValue("groupreduce.lm.family", out string? family) || family != "nplm")
            {
                throw new InvalidDataException($"'{path}' is not an nplm language model (metadata 'groupreduce.lm.family' is '{family}').");
            }

            if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count != 1)
            {
                throw new InvalidDataException($"'{path}' has {session.InputMetadata.Count} inputs and {session.OutputMetadata.Count} outputs; an nplm graph has ids in and logits out.");
            }

            (string input, NodeMetadata shape) = session.InputMetadata.Single();
            int context = shape.Dimensions.Length == 2 ? shape.Dimensions[1] : 0;
            if (context is < 1 or > 8)
            {
                throw new InvalidDataException($"'{path}': input '{input}' is not [batch, 1 to 8 words].");
            }

            string[] vocabulary = metadata.TryGetValue("groupreduce.vocab", out string? text) && text.EndsWith('\n')
                ? text[..^1].Split('\n')
                : throw new InvalidDataException($"'{path}' carries no vocabulary (metadata 'groupreduce.vocab').");
            return new NextWordOnnxPredictor(session, input, session.OutputMetadata.Keys.Single(), vocabulary, context,
                Token(path, metadata, vocabulary, "groupreduce.lm.unk"), Token(path, metadata, vocabulary, "groupreduce.lm.eos"));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The most likely next words after a text, best first; <c>&lt;unk&gt;</c> and <c>&lt;eos&gt;</c> are not suggested.</summary>
    /// <param name="text">Words separated by white space; lower-cased, as the Brown model's vocabulary is. Unknown words read as <c>&lt;unk&gt;</c>.</param>
    /// <param name="count">How many words.</param>
    /// <returns>The words with their probabilities.</returns>
    public IReadOnlyList<WordPrediction> Predict(string text, int count = 10)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        string[] words = text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

        // ids = [w_{t-1}, w_{t-2}, …]: most recent word first, <eos> before the start of the text.
        var ids = new long[Context];
        for (int k = 1; k <= Context; k++)
        {
            int at = words.Length - k;
            ids[k - 1] = at < 0 ? _endOfSentence : (_ids.TryGetValue(words[at], out int known) ? known : _unknown);
        }

        using OrtValue input = OrtValue.CreateTensorValueFromMemory(ids, [1, Context]);
        using var run = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(run, [_input], [input], [_output]);
        ReadOnlySpan<float> logits = outputs[0].GetTensorDataAsSpan<float>();

        // The softmax's normaliser, in double; the largest logits, kept sorted (two more than asked, so that dropping
        // <unk> and <eos> still leaves enough).
        float max = float.NegativeInfinity;
        foreach (float logit in logits)
        {
            max = Math.Max(max, logit);
        }

        double sum = 0;
        var best = new List<int>(count + 3);
        for (int id = 0; id < logits.Length; id++)
        {
            sum += Math.Exp(logits[id] - max);
            if (best.Count < count + 2 || logits[id] > logits[best[^1]])
            {
                int at = best.Count;
                while (at > 0 && logits[best[at - 1]] < logits[id])
                {
                    at--;
                }

                best.Insert(at, id);
                if (best.Count > count + 2)
                {
                    best.RemoveAt(best.Count - 1);
                }
            }
        }

        var predictions = new List<WordPrediction>(count);
        foreach (int id in best.Where(id => id != _unknown && id != _endOfSentence).Take(count))
        {
            predictions.Add(new WordPrediction(Vocabulary[id], (float)(Math.Exp(logits[id] - max) / sum)));
        }

        return predictions;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private static int Token(string path, IReadOnlyDictionary<string, string> metadata, string[] vocabulary, string key) =>
        metadata.TryGetValue(key, out string? token) && Array.IndexOf(vocabulary, token) is >= 0 and int id
            ? id
            : throw new InvalidDataException($"'{path}': metadata '{key}' does not name a token of the vocabulary.");
}
