using System.Globalization;
using System.Numerics.Tensors;
using GroupReduce.Runtime;

namespace NextWord;

/// <summary>
/// Runs the repository's <c>nplm</c> language model (docs/language-model.md) from a compressed artifact with
/// GroupReduce.Runtime alone: the previous <c>n</c> words' compressed embeddings, the passed-through
/// <c>tanh</c> hidden layer, then the compressed softmax with its bias.
/// </summary>
public sealed class NextWordPredictor
{
    private readonly LanguageModelHead _head;
    private readonly TokenVocabulary _vocabulary;
    private readonly float[] _hiddenWeight;
    private readonly float[] _hiddenBias;
    private readonly int _unknown;
    private readonly int _endOfSentence;

    private NextWordPredictor(LanguageModelHead head, TokenVocabulary vocabulary, int context, float[] hiddenWeight, float[] hiddenBias, int unknown, int endOfSentence)
    {
        _head = head;
        _vocabulary = vocabulary;
        Context = context;
        _hiddenWeight = hiddenWeight;
        _hiddenBias = hiddenBias;
        _unknown = unknown;
        _endOfSentence = endOfSentence;
    }

    /// <summary>The number of previous words the model looks at (<c>groupreduce.lm.context</c>).</summary>
    public int Context { get; }

    /// <summary>Reads the model's settings and passed-through layers from an open artifact.</summary>
    /// <param name="model">An artifact compressed from an <c>nplm</c> model.</param>
    /// <returns>The predictor; valid while <paramref name="model"/> is open.</returns>
    /// <exception cref="InvalidDataException">The artifact is not of the nplm family or is missing a part of it.</exception>
    public static NextWordPredictor Open(CompressedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.Metadata.TryGetValue("groupreduce.lm.family", out string? family) || family != "nplm")
        {
            throw new InvalidDataException($"'{model.Path}' is not an nplm language model (metadata 'groupreduce.lm.family' is '{family}').");
        }

        TokenVocabulary vocabulary = model.Vocabulary ?? throw new InvalidDataException($"'{model.Path}' carries no vocabulary.");
        if (!int.TryParse(model.Metadata.GetValueOrDefault("groupreduce.lm.context"), NumberStyles.None, CultureInfo.InvariantCulture, out int context) || context is < 1 or > 8)
        {
            throw new InvalidDataException($"'{model.Path}' has no valid 'groupreduce.lm.context' (1 to 8).");
        }

        LanguageModelHead head = model.Head(embedding: "embedding.weight", softmax: "softmax.weight", bias: "softmax.bias");
        float[] weight = model.ReadTensor("hidden.weight");
        float[] bias = model.ReadTensor("hidden.bias");
        if (weight.Length != head.HiddenWidth * context * head.EmbeddingWidth || bias.Length != head.HiddenWidth)
        {
            throw new InvalidDataException($"'{model.Path}': hidden.weight and hidden.bias do not fit {context} words of {head.EmbeddingWidth} into {head.HiddenWidth} hidden units.");
        }

        return new NextWordPredictor(head, vocabulary, context, weight, bias, Token(model, vocabulary, "groupreduce.lm.unk"), Token(model, vocabulary, "groupreduce.lm.eos"));
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
        int d = _head.EmbeddingWidth;

        // x = [E[w_{t-1}]; E[w_{t-2}]; …]: most recent word first, <eos> before the start of the text.
        var x = new float[Context * d];
        for (int k = 1; k <= Context; k++)
        {
            int at = words.Length - k;
            int id = at < 0 ? _endOfSentence : (_vocabulary.TryGetId(words[at], out int known) ? known : _unknown);
            _head.Embed(id, x.AsSpan((k - 1) * d, d));
        }

        // h = tanh(W x + b).
        var hidden = new float[_head.HiddenWidth];
        for (int i = 0; i < hidden.Length; i++)
        {
            hidden[i] = TensorPrimitives.Dot(_hiddenWeight.AsSpan(i * x.Length, x.Length), x) + _hiddenBias[i];
        }

        TensorPrimitives.Tanh(hidden, hidden);

        // Two more than asked, so that dropping <unk> and <eos> still leaves enough.
        var predictions = new List<WordPrediction>(count);
        foreach (TokenPrediction p in _head.TopK(hidden, count + 2))
        {
            if (p.Id != _unknown && p.Id != _endOfSentence && predictions.Count < count)
            {
                predictions.Add(new WordPrediction(_vocabulary[p.Id], p.Probability));
            }
        }

        return predictions;
    }

    private static int Token(CompressedModel model, TokenVocabulary vocabulary, string key) =>
        model.Metadata.TryGetValue(key, out string? token) && vocabulary.TryGetId(token, out int id)
            ? id
            : throw new InvalidDataException($"'{model.Path}': metadata '{key}' does not name a token of the vocabulary.");
}
