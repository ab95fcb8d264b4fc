namespace GroupReduce.Core.Tokenizers;

/// <summary>Errors in tokenizer inputs (<c>frequencies.vocabulary</c> or <c>frequencies.tokenizer</c>, or a tokenizer found beside the model): GR2120–GR2129.</summary>
public static class TokenizerErrorCodes
{
    /// <summary>The tokenizer file does not exist, is not a regular file, is larger than the size cap, or cannot be read.</summary>
    public const string Unreadable = "GR2120";

    /// <summary>The file is not a tokenizer of the kind its name says: bad JSON, missing keys, a negative or repeated id, a merge of absent tokens, a bad protobuf or base64 line.</summary>
    public const string Malformed = "GR2121";

    /// <summary>The tokenizer is read but cannot split text (a WordLevel model, a tiktoken file of an unknown encoding, a model type this version does not know).</summary>
    public const string Unsupported = "GR2122";

    /// <summary>The tokenizer has more tokens than the matrices have rows: the tokenizer belongs to another model.</summary>
    public const string LargerThanMatrix = "GR2123";

    /// <summary>The matrices have rows past the tokenizer's size and <c>frequencies.padding</c> is <c>error</c>.</summary>
    public const string PaddedRows = "GR2124";
}
