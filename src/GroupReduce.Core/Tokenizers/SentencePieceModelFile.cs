using GroupReduce.Abstractions;
using Microsoft.ML.Tokenizers;

namespace GroupReduce.Core.Tokenizers;

/// <summary>A SentencePiece model file (<c>tokenizer.model</c>, a protobuf <c>ModelProto</c>): its pieces by id and the library's tokenizer.</summary>
internal static class SentencePieceModelFile
{
    /// <summary>Reads the file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="bytes">Its bytes.</param>
    /// <param name="namedAt">Where the spec named it.</param>
    /// <returns>The tokenizer.</returns>
    public static ModelTokenizer Load(string path, byte[] bytes, SourceLocation? namedAt)
    {
        SentencePieceTokenizer tokenizer;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            tokenizer = SentencePieceTokenizer.Create(stream, false, false, null);
        }
        catch (Exception ex) when (TokenizerInput.IsLibraryFailure(ex))
        {
            throw TokenizerInput.Malformed(path, $"is not a SentencePiece model the library can read ({ex.GetType().Name}: {ex.Message})", namedAt, ex);
        }

        var ids = new Dictionary<int, string>();
        foreach ((string piece, int id) in tokenizer.Vocabulary)
        {
            ids.TryAdd(id, piece);
        }

        int special = tokenizer.SpecialTokens?.Count ?? 0;
        if (tokenizer.SpecialTokens is { } specials)
        {
            foreach ((string token, int id) in specials)
            {
                ids.TryAdd(id, token);
            }
        }

        return HuggingFaceTokenizerJson.Assemble(TokenizerKind.SentencePiece, path, ids, special, tokenizer, null);
    }
}
