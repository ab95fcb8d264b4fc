namespace GroupReduce.Core.Tests.Tokenizers;

/// <summary>Small tokenizer files in the layouts Hugging Face and GPT-2 publish, written by hand for the tests.</summary>
internal static class TokenizerJsonSamples
{
    /// <summary>Byte-level BPE (GPT-2 layout): "hello" is id 8, " hello" id 9, and &lt;|endoftext|&gt; is an added token (id 11).</summary>
    public const string ByteLevelBpe = """
        {
          "version": "1.0",
          "added_tokens": [ { "id": 11, "content": "<|endoftext|>", "special": true } ],
          "normalizer": null,
          "pre_tokenizer": { "type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true },
          "decoder": { "type": "ByteLevel" },
          "model": {
            "type": "BPE",
            "vocab": { "h": 0, "e": 1, "l": 2, "o": 3, "Ġ": 4, "he": 5, "ll": 6, "hell": 7, "hello": 8, "Ġhello": 9, "w": 10 },
            "merges": [ "h e", "l l", "he ll", "hell o", "Ġ hello" ]
          }
        }
        """;

    /// <summary>BERT-style WordPiece with a lower-casing normalizer.</summary>
    public const string WordPiece = """
        {
          "added_tokens": [ { "id": 0, "content": "[PAD]", "special": true }, { "id": 1, "content": "[UNK]", "special": true },
                            { "id": 2, "content": "[CLS]", "special": true }, { "id": 3, "content": "[SEP]", "special": true },
                            { "id": 4, "content": "[MASK]", "special": true } ],
          "normalizer": { "type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": true },
          "pre_tokenizer": { "type": "BertPreTokenizer" },
          "model": {
            "type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100,
            "vocab": { "[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[MASK]": 4, "hello": 5, "world": 6, "play": 7, "##ing": 8, "!": 9 }
          }
        }
        """;

    /// <summary>A Unigram model (T5 layout): pieces by id with their log probabilities.</summary>
    public const string Unigram = """
        {
          "added_tokens": [],
          "normalizer": null,
          "pre_tokenizer": { "type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true },
          "model": { "type": "Unigram", "unk_id": 0,
                     "vocab": [ ["<unk>", 0.0], ["▁hello", -1.0], ["▁world", -1.5], ["▁", -2.0], ["h", -4.0], ["e", -4.0], ["l", -4.0], ["o", -4.0] ] }
        }
        """;

    /// <summary>A WordLevel model: tokens only.</summary>
    public const string WordLevel = """
        { "added_tokens": [], "model": { "type": "WordLevel", "vocab": { "the": 0, "cat": 1, "<unk>": 3 }, "unk_token": "<unk>" } }
        """;
}
