using System.Globalization;
using GroupReduce.Trainer.Corpus;
using GroupReduce.Trainer.Model;

namespace GroupReduce.Trainer.Output;

/// <summary>
/// Writes an nplm v1 safetensors file (docs/language-model.md): the five weights in F16, the vocabulary as
/// <c>groupreduce.vocab.offsets</c> / <c>groupreduce.vocab.bytes</c>, and the <c>groupreduce.lm.*</c> metadata.
/// Written to a temporary file beside the target and renamed, so a failed run leaves no half file.
/// </summary>
public static class NplmModelFile
{
    public static void Write(string path, NplmWeights weights, Vocabulary vocabulary, IReadOnlyDictionary<string, string> extraMetadata)
    {
        ArgumentNullException.ThrowIfNull(weights);
        NplmShape shape = weights.Shape;
        LanguageModelFile.CheckArguments(vocabulary, shape.Vocabulary, extraMetadata);

        Dictionary<string, string> metadata = LanguageModelFile.Metadata("nplm", extraMetadata);
        metadata["groupreduce.lm.context"] = shape.Context.ToString(CultureInfo.InvariantCulture);
        LanguageModelFile.Write(path, metadata, vocabulary,
        [
            LanguageModelFile.Half16("embedding.weight", weights.Embedding, shape.Vocabulary, shape.Embedding),
            LanguageModelFile.Half16("hidden.weight", weights.HiddenWeight, shape.Hidden, shape.Input),
            LanguageModelFile.Half16("hidden.bias", weights.HiddenBias, shape.Hidden),
            LanguageModelFile.Half16("softmax.weight", weights.SoftmaxWeight, shape.Vocabulary, shape.Hidden),
            LanguageModelFile.Half16("softmax.bias", weights.SoftmaxBias, shape.Vocabulary),
        ]);
    }
}
