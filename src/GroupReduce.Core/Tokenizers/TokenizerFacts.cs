using GroupReduce.Abstractions;
using GroupReduce.Core.Models;

namespace GroupReduce.Core.Tokenizers;

/// <summary>
/// What <c>inspect</c> says about a model's tokens: the tokenizer beside the model (or the vocabulary the file carries),
/// its kind and size, and the vocabulary matrices with rows past that size (padding).
/// </summary>
/// <param name="Description">E.g. <c>byte-level BPE tokenizer.json, 50,257 tokens, 1 special</c>; or why none could be read.</param>
/// <param name="Source">The tokenizer file, the encoding, or null for the model's own vocabulary.</param>
/// <param name="Kind">The kind, or null for a vocabulary without a tokenizer (or an unreadable one).</param>
/// <param name="Size">Tokens, or null when unreadable.</param>
/// <param name="Error">The code and message when the tokenizer beside the model cannot be read.</param>
/// <param name="Padded">Each vocabulary matrix with more rows than tokens: its name, rows and padding rows.</param>
public sealed record TokenizerFacts(string Description, string? Source, TokenizerKind? Kind, int? Size, string? Error, IReadOnlyList<(string Tensor, long Rows, long Padding)> Padded)
{
    // A padded embedding rounds the vocabulary up to a multiple of 64–128 (at most a few percent more rows).
    private const double MaxPaddingFraction = 0.05;

    /// <summary>The facts for a model, or null when it has no vocabulary and no tokenizer beside it.</summary>
    /// <param name="model">The open model.</param>
    /// <returns>The facts, or null.</returns>
    public static TokenizerFacts? Of(ModelFile model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Vocabulary is { } own)
        {
            string kind = model.Metadata.TryGetValue("tokenizer.ggml.model", out string? ggml) ? $" (tokenizer.ggml.model '{Excerpt.Of(ggml, 24)}')" : string.Empty;
            return new TokenizerFacts(FormattableString.Invariant($"the file's own vocabulary{kind}, {own.Count:N0} tokens"), null, null, own.Count, null, Padding(model, own.Count));
        }

        if (TokenizerFiles.FindBeside(model.Path) is not { } beside)
        {
            return null;
        }

        try
        {
            ModelTokenizer tokenizer = TokenizerFiles.Load(beside);
            string notes = tokenizer.Notes is { } n ? $"; {n}" : string.Empty;
            return new TokenizerFacts(tokenizer.Describe() + " (beside the model)" + notes, beside, tokenizer.Kind, tokenizer.Size, null, Padding(model, tokenizer.Size));
        }
        catch (GroupReduceException ex)
        {
            return new TokenizerFacts($"{Path.GetFileName(beside)} (beside the model) cannot be read", beside, null, null, $"{ex.Code}: {ex.Message}", []);
        }
    }

    private static List<(string, long, long)> Padding(ModelFile model, int tokens)
    {
        var padded = new List<(string, long, long)>();
        foreach (ModelTensor tensor in model.Tensors.Where(t => t.Shape.Count == 2))
        {
            VocabularyMatrix? known = model.VocabularyMatrices.FirstOrDefault(m => m.Tensor == tensor.Name);
            long rows = known is { VocabularyInColumns: true } ? tensor.Shape[1] : tensor.Shape[0];
            if (rows > tokens && rows <= tokens + Math.Max(128, tokens * MaxPaddingFraction))
            {
                padded.Add((tensor.Name, rows, rows - tokens));
            }
        }

        return padded;
    }
}
