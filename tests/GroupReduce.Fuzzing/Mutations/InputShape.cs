namespace GroupReduce.Fuzzing.Mutations;

/// <summary>How an input is structured, which decides the structure-aware mutations it gets.</summary>
public enum InputShape
{
    /// <summary>A binary format (GGUF, NumPy, zip, word2vec binary): byte and integer mutations, biased to the header.</summary>
    Binary,

    /// <summary>A u64 length and a JSON header, then data (safetensors, artifacts): JSON edits as well.</summary>
    JsonHeader,

    /// <summary>Lines of UTF-8 text (YAML spec, counts, vocabulary, text embeddings): line edits as well.</summary>
    Text,
}
