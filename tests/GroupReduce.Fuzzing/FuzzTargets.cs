using GroupReduce.Fuzzing.Mutations;
using GroupReduce.Fuzzing.Targets;

namespace GroupReduce.Fuzzing;

/// <summary>Every parser of untrusted input, by name. A reader added to the product gets a target here.</summary>
public static class FuzzTargets
{
    /// <summary>The safetensors reader.</summary>
    public static FuzzTarget Safetensors { get; } = new ModelFileTarget("safetensors", InputShape.JsonHeader, ModelSeeds.Safetensors);

    /// <summary>The GGUF reader.</summary>
    public static FuzzTarget Gguf { get; } = new ModelFileTarget("gguf", InputShape.Binary, ModelSeeds.Gguf);

    /// <summary>The .npy reader.</summary>
    public static FuzzTarget Npy { get; } = new ModelFileTarget("npy", InputShape.Binary, ModelSeeds.Npy);

    /// <summary>The .npz reader (zip, deflate); a deflated member may inflate far past the archive's size, as real ones do.</summary>
    public static FuzzTarget Npz { get; } = new ModelFileTarget("npz", InputShape.Binary, ModelSeeds.Npz, maxExpansion: 1100);

    /// <summary>The word2vec binary reader.</summary>
    public static FuzzTarget Word2Vec { get; } = new ModelFileTarget("word2vec", InputShape.Binary, ModelSeeds.Word2VecBinary);

    /// <summary>The word2vec text and GloVe reader (a value as short as "1 " becomes 4 bytes of float32).</summary>
    public static FuzzTarget EmbeddingText { get; } = new ModelFileTarget("embedding-text", InputShape.Text, ModelSeeds.EmbeddingText, maxExpansion: 8);

    /// <summary>The ONNX reader: the ModelProto, its initializers (raw, typed, external) and the vocabulary-matrix search over its graph.</summary>
    public static FuzzTarget Onnx { get; } = new ModelFileTarget("onnx", InputShape.Binary, ModelSeeds.Onnx, companions: ModelSeeds.OnnxExternalData);

    /// <summary>The counts file.</summary>
    public static FuzzTarget Counts { get; } = new FrequencyFileTarget(vocabulary: false);

    /// <summary>The vocabulary file.</summary>
    public static FuzzTarget Vocabulary { get; } = new FrequencyFileTarget(vocabulary: true);

    /// <summary>A Hugging Face tokenizer.json.</summary>
    public static FuzzTarget TokenizerJson { get; } = new TokenizerFileTarget("tokenizer-json", InputShape.Text, "tokenizer.json", TokenizerFileTarget.JsonSeeds);

    /// <summary>A tiktoken rank file.</summary>
    public static FuzzTarget Tiktoken { get; } = new TokenizerFileTarget("tiktoken", InputShape.Text, "r50k_base.tiktoken", TokenizerFileTarget.TiktokenSeeds);

    /// <summary>A SentencePiece model file.</summary>
    public static FuzzTarget SentencePiece { get; } = new TokenizerFileTarget("sentencepiece", InputShape.Binary, "tokenizer.model", () => [new FuzzSeed("unigram", GroupReduce.Testing.Models.SentencePieceProtoWriter.Sample())]);

    /// <summary>The YAML spec.</summary>
    public static FuzzTarget Spec { get; } = new SpecTarget();

    /// <summary>Artifacts read by the tool.</summary>
    public static FuzzTarget CoreArtifact { get; } = new CoreArtifactTarget();

    /// <summary>Artifacts opened by apps through GroupReduce.Runtime.</summary>
    public static FuzzTarget RuntimeArtifact { get; } = new RuntimeArtifactTarget();

    /// <summary><c>groupreduce inspect</c>.</summary>
    public static FuzzTarget Inspect { get; } = new InspectTarget();

    /// <summary>All targets.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } = [Safetensors, Gguf, Npy, Npz, Word2Vec, EmbeddingText, Onnx, Counts, Vocabulary, TokenizerJson, Tiktoken, SentencePiece, Spec, CoreArtifact, RuntimeArtifact, Inspect];

    /// <summary>Finds a target by name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The target, or null.</returns>
    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
