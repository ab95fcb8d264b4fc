namespace GroupReduce.Core.Tokenizers;

/// <summary>What kind of tokenizer a file (or a named encoding) holds.</summary>
public enum TokenizerKind
{
    /// <summary>Byte-pair encoding over bytes mapped to printable characters (GPT-2, RoBERTa, Llama 3: <c>tokenizer.json</c> with a ByteLevel pre-tokenizer, or <c>vocab.json</c> + <c>merges.txt</c>).</summary>
    ByteLevelBpe,

    /// <summary>Byte-pair encoding over characters, spaces written as <c>▁</c> (SentencePiece-style BPE in <c>tokenizer.json</c>: Llama 2, Mistral).</summary>
    Bpe,

    /// <summary>WordPiece (BERT: <c>tokenizer.json</c> with a WordPiece model).</summary>
    WordPiece,

    /// <summary>Unigram language model (<c>tokenizer.json</c> with a Unigram model: T5, ALBERT, XLNet).</summary>
    Unigram,

    /// <summary>A SentencePiece model file (<c>tokenizer.model</c>, BPE or Unigram inside).</summary>
    SentencePiece,

    /// <summary>A tiktoken rank file (<c>*.tiktoken</c>) or a named encoding (<c>gpt2</c>, <c>r50k_base</c>, <c>cl100k_base</c>, <c>o200k_base</c>).</summary>
    Tiktoken,

    /// <summary>A word-level vocabulary in <c>tokenizer.json</c> (<c>WordLevel</c>): tokens only, nothing to split text with.</summary>
    WordLevel,
}
