using GroupReduce.Trainer.Corpus;
using GroupReduce.Trainer.Model;

namespace GroupReduce.Trainer.Output;

/// <summary>
/// Writes a gru v1 safetensors file (docs/language-model.md): the seven weights in F16 under PyTorch's
/// <c>nn.GRU</c> names for the recurrent layer, the vocabulary tensors and the <c>groupreduce.lm.*</c> metadata.
/// Written to a temporary file beside the target and renamed, so a failed run leaves no half file.
/// </summary>
public static class GruModelFile
{
    public static void Write(string path, GruWeights weights, Vocabulary vocabulary, IReadOnlyDictionary<string, string> extraMetadata)
    {
        ArgumentNullException.ThrowIfNull(weights);
        GruShape shape = weights.Shape;
        LanguageModelFile.CheckArguments(vocabulary, shape.Vocabulary, extraMetadata);

        LanguageModelFile.Write(path, LanguageModelFile.Metadata("gru", extraMetadata), vocabulary,
        [
            LanguageModelFile.Half16("embedding.weight", weights.Embedding, shape.Vocabulary, shape.Embedding),
            LanguageModelFile.Half16("gru.weight_ih", weights.InputWeight, shape.Gates, shape.Embedding),
            LanguageModelFile.Half16("gru.weight_hh", weights.HiddenWeight, shape.Gates, shape.Hidden),
            LanguageModelFile.Half16("gru.bias_ih", weights.InputBias, shape.Gates),
            LanguageModelFile.Half16("gru.bias_hh", weights.HiddenBias, shape.Gates),
            LanguageModelFile.Half16("softmax.weight", weights.SoftmaxWeight, shape.Vocabulary, shape.Hidden),
            LanguageModelFile.Half16("softmax.bias", weights.SoftmaxBias, shape.Vocabulary),
        ]);
    }
}
