using System.Text.Json;
using GroupReduce.Abstractions;

namespace GroupReduce.Core.Tokenizers;

/// <summary>
/// Where tokenizers come from: a file a spec names (<c>tokenizer.json</c>, <c>vocab.json</c> + <c>merges.txt</c>,
/// SentencePiece <c>*.model</c>, <c>*.tiktoken</c>), a named tiktoken encoding, or the files beside a model.
/// </summary>
public static class TokenizerFiles
{
    /// <summary>The names looked for beside a model, in this order, when the spec names no vocabulary and the model carries none.</summary>
    public static IReadOnlyList<string> BesideModel { get; } = ["tokenizer.json", "tokenizer.model", "vocab.json"];

    /// <summary>The tiktoken encodings that may be named instead of a file.</summary>
    public static IReadOnlyCollection<string> EncodingNames => TiktokenFile.Names;

    /// <summary>Whether a spec value names a built-in tiktoken encoding rather than a file.</summary>
    /// <param name="value">The value as written.</param>
    /// <returns>True for <c>gpt2</c>, <c>r50k_base</c>, <c>cl100k_base</c>, <c>o200k_base</c>.</returns>
    public static bool IsEncodingName(string value) => TiktokenFile.IsName(value);

    /// <summary>
    /// Whether a vocabulary path is a tokenizer rather than a one-token-per-line text file: a named encoding, or a file
    /// ending <c>.json</c>, <c>.model</c> or <c>.tiktoken</c>.
    /// </summary>
    /// <param name="pathOrName">The path or name.</param>
    /// <returns>True for a tokenizer.</returns>
    public static bool IsTokenizer(string pathOrName)
    {
        ArgumentNullException.ThrowIfNull(pathOrName);
        string extension = Path.GetExtension(pathOrName);
        return IsEncodingName(pathOrName)
            || extension.Equals(".json", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".model", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".tiktoken", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The tokenizer file beside a model (or inside a checkpoint folder), if there is one.</summary>
    /// <param name="modelPath">The model file, a sharded checkpoint's index, or the checkpoint's folder.</param>
    /// <returns>The full path of the first of <see cref="BesideModel"/> that exists, or <see langword="null"/>.</returns>
    public static string? FindBeside(string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        string full = Path.GetFullPath(modelPath);
        string? folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full);
        return folder is null ? null : BesideModel.Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>Reads a tokenizer.</summary>
    /// <param name="pathOrName">A file, or a named encoding (<see cref="IsEncodingName"/>).</param>
    /// <param name="namedAt">Where the spec named it, for messages; the file itself when null.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="GroupReduceException">GR2120 unreadable, GR2121 malformed, GR2122 an unknown tokenizer model type.</exception>
    public static ModelTokenizer Load(string pathOrName, SourceLocation? namedAt = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathOrName);
        if (IsEncodingName(pathOrName) && !File.Exists(pathOrName))
        {
            return TiktokenFile.LoadNamed(pathOrName);
        }

        string path = Path.GetFullPath(pathOrName);
        byte[] bytes = TokenizerInput.ReadAll(path, namedAt);
        string extension = Path.GetExtension(path);
        if (extension.Equals(".tiktoken", StringComparison.OrdinalIgnoreCase))
        {
            return TiktokenFile.LoadFile(path, bytes, namedAt);
        }

        if (extension.Equals(".model", StringComparison.OrdinalIgnoreCase))
        {
            return SentencePieceModelFile.Load(path, bytes, namedAt);
        }

        // JsonDocument checks a string's UTF-8 only when it is read; a bad byte deep in a token must be GR2121 here.
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw TokenizerInput.Malformed(path, $"is not valid UTF-8 (byte {FirstInvalidByte(bytes):N0})", namedAt);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw TokenizerInput.Malformed(path, $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message})", namedAt, ex);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (HuggingFaceTokenizerJson.Is(root))
            {
                return HuggingFaceTokenizerJson.Load(path, bytes, root, namedAt);
            }

            if (root.ValueKind == JsonValueKind.Object)
            {
                return BpeVocabularyFiles.Load(path, root, namedAt);
            }

            throw TokenizerInput.Malformed(path, "is JSON but neither a tokenizer.json (an object with a 'model') nor a vocab.json (an object of token: id pairs)", namedAt);
        }
    }

    private static int FirstInvalidByte(byte[] bytes)
    {
        System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out int read, out _, replaceInvalidSequences: false);
        return read;
    }
}
