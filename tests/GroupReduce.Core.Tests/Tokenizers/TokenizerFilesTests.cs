using System.Text;
using GroupReduce.Abstractions;
using GroupReduce.Core.Tokenizers;
using GroupReduce.Testing;
using GroupReduce.Testing.Models;
using Microsoft.ML.Tokenizers;

namespace GroupReduce.Core.Tests.Tokenizers;

public sealed class TokenizerFilesTests
{
    /// <summary>Writes <paramref name="json"/> as <c>tokenizer.json</c> in <paramref name="folder"/> and loads it.</summary>
    private static ModelTokenizer LoadJson(TempFolder folder, string json)
    {
        string path = folder.File("tokenizer.json");
        File.WriteAllText(path, json);
        return TokenizerFiles.Load(path);
    }

    [Fact]
    public void A_byte_level_bpe_tokenizer_json_gives_its_tokens_by_id_and_encodes_with_its_merges()
    {
        using var folder = new TempFolder();
        ModelTokenizer tokenizer = LoadJson(folder, TokenizerJsonSamples.ByteLevelBpe);

        Assert.Equal(TokenizerKind.ByteLevelBpe, tokenizer.Kind);
        Assert.Equal(12, tokenizer.Size);
        Assert.Equal("hello", tokenizer.Tokens[8]);
        Assert.Equal("Ġhello", tokenizer.Tokens[9]);
        Assert.Equal("<|endoftext|>", tokenizer.Tokens[11]);
        Assert.Equal(1, tokenizer.SpecialTokens);
        Assert.Equal(0, tokenizer.Holes);
        Assert.Equal([8, 9, 9], tokenizer.Encoder!.EncodeToIds("hello hello hello"));
        Assert.Equal([8, 11], tokenizer.Encoder.EncodeToIds("hello<|endoftext|>"));
        Assert.Equal("byte-level BPE tokenizer.json, 12 tokens, 1 special", tokenizer.Describe());
    }

    [Fact]
    public void A_wordpiece_tokenizer_json_lower_cases_and_splits_sub_words_as_bert_does()
    {
        using var folder = new TempFolder();
        ModelTokenizer tokenizer = LoadJson(folder, TokenizerJsonSamples.WordPiece);

        Assert.Equal(TokenizerKind.WordPiece, tokenizer.Kind);
        Assert.Equal(10, tokenizer.Size);
        Assert.Equal("##ing", tokenizer.Tokens[8]);
        var bert = Assert.IsType<BertTokenizer>(tokenizer.Encoder);
        Assert.Equal([5, 6, 7, 8, 9], bert.EncodeToIds("Hello WORLD playing!", addSpecialTokens: false));
    }

    [Fact]
    public void A_unigram_tokenizer_json_is_read_through_the_librarys_sentencepiece_tokenizer()
    {
        using var folder = new TempFolder();
        ModelTokenizer tokenizer = LoadJson(folder, TokenizerJsonSamples.Unigram);

        Assert.Equal(TokenizerKind.Unigram, tokenizer.Kind);
        Assert.Equal(["<unk>", "▁hello", "▁world", "▁", "h", "e", "l", "o"], tokenizer.Tokens);
        Assert.Equal([1, 2, 1], tokenizer.Encoder!.EncodeToIds("hello world hello"));
    }

    [Fact]
    public void A_wordlevel_tokenizer_gives_tokens_with_unused_ids_named_but_cannot_split_text()
    {
        using var folder = new TempFolder();
        ModelTokenizer tokenizer = LoadJson(folder, TokenizerJsonSamples.WordLevel);

        Assert.Equal(TokenizerKind.WordLevel, tokenizer.Kind);
        Assert.Equal(4, tokenizer.Size);
        Assert.Equal(1, tokenizer.Holes);
        Assert.StartsWith("\0", tokenizer.Tokens[2], StringComparison.Ordinal);
        Assert.Null(tokenizer.Encoder);
        Assert.Contains("cannot count a corpus", tokenizer.Notes, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sentencepiece_model_file_is_read_by_id()
    {
        using var folder = new TempFolder();
        string path = folder.File("tokenizer.model");
        File.WriteAllBytes(path, SentencePieceProtoWriter.Sample());

        ModelTokenizer tokenizer = TokenizerFiles.Load(path);

        Assert.Equal(TokenizerKind.SentencePiece, tokenizer.Kind);
        Assert.Equal(10, tokenizer.Size);
        Assert.Equal("▁hello", tokenizer.Tokens[3]);
        Assert.Equal("</s>", tokenizer.Tokens[2]);
        Assert.Equal([3, 4], tokenizer.Encoder!.EncodeToIds("hello world"));
    }

    [Fact]
    public void Vocab_json_with_merges_txt_beside_it_is_a_gpt2_style_byte_level_bpe()
    {
        using var folder = new TempFolder();
        string path = folder.File("vocab.json");
        File.WriteAllText(path, """{ "h": 0, "e": 1, "l": 2, "o": 3, "Ġ": 4, "he": 5, "ll": 6, "hell": 7, "hello": 8, "Ġhello": 9, "<|endoftext|>": 10 }""");

        ModelTokenizer withoutMerges = TokenizerFiles.Load(path);
        Assert.Null(withoutMerges.Encoder);
        Assert.Contains("merges.txt", withoutMerges.Notes, StringComparison.Ordinal);

        File.WriteAllText(folder.File("merges.txt"), "#version: 0.2\nh e\nl l\nhe ll\nhell o\nĠ hello\n");
        ModelTokenizer tokenizer = TokenizerFiles.Load(path);
        Assert.Equal(TokenizerKind.ByteLevelBpe, tokenizer.Kind);
        Assert.Equal(11, tokenizer.Size);
        Assert.Equal([8, 9, 10], tokenizer.Encoder!.EncodeToIds("hello hello<|endoftext|>"));
    }

    [Fact]
    public void The_named_gpt2_encoding_spells_tokens_as_gpt2s_vocab_json_does_and_encodes_as_gpt2()
    {
        ModelTokenizer tokenizer = TokenizerFiles.Load("gpt2");

        Assert.Equal(TokenizerKind.Tiktoken, tokenizer.Kind);
        Assert.Equal(50257, tokenizer.Size);
        Assert.Equal(0, tokenizer.Holes);
        Assert.Equal("The", tokenizer.Tokens[464]);
        Assert.Equal("Ġthe", tokenizer.Tokens[262]);
        Assert.Equal("Ċ", tokenizer.Tokens[198]);
        Assert.Equal("<|endoftext|>", tokenizer.Tokens[50256]);
        Assert.Equal([464, 1893, 286, 262, 1578, 1829, 13], tokenizer.Encoder!.EncodeToIds("The president of the United States."));
    }

    [Theory]
    [InlineData("r50k_base", 50257)]
    [InlineData("cl100k_base", 100277)]
    [InlineData("o200k_base", 200019)]
    public void Every_named_encoding_loads_from_its_data_package(string name, int size)
    {
        ModelTokenizer tokenizer = TokenizerFiles.Load(name);

        Assert.Equal(size, tokenizer.Size);
        Assert.NotNull(tokenizer.Encoder);
        Assert.Equal("<|endoftext|>", tokenizer.Tokens[tokenizer.Encoder!.EncodeToIds("<|endoftext|>")[0]]);
    }

    [Fact]
    public void A_tiktoken_file_of_an_unknown_encoding_gives_tokens_but_no_encoder()
    {
        using var folder = new TempFolder();
        string path = folder.File("mine.tiktoken");
        File.WriteAllText(path, $"{B64("a")} 0\n{B64("b")} 1\n{B64(" ab")} 3\n");

        ModelTokenizer tokenizer = TokenizerFiles.Load(path);

        Assert.Equal(4, tokenizer.Size);
        Assert.Equal(1, tokenizer.Holes);
        Assert.Equal("Ġab", tokenizer.Tokens[3]);
        Assert.Null(tokenizer.Encoder);
        Assert.Contains("not named after a known encoding", tokenizer.Notes, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tiktoken_file_named_after_an_encoding_encodes_with_that_encodings_split_pattern()
    {
        using var folder = new TempFolder();
        string path = folder.File("r50k_base.tiktoken");
        string[] pieces = ["T", "h", "e", " ", "Th", "The", " c", "a", "t", " ca", " cat"];
        File.WriteAllLines(path, pieces.Select((p, i) => $"{B64(p)} {i}"));

        ModelTokenizer tokenizer = TokenizerFiles.Load(path);

        Assert.Equal(TokenizerKind.Tiktoken, tokenizer.Kind);
        Assert.Equal([5, 10], tokenizer.Encode("The cat"));

        // "d", "o" and "g" have no token: the library throws, the tokenizer says which file is incomplete.
        var error = Assert.Throws<GroupReduceException>(() => tokenizer.Encode("The dog"));
        Assert.Equal(TokenizerErrorCodes.Malformed, error.Code);
        Assert.Contains("failed on the text", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_adds_no_sentence_markers_and_a_tokenizer_without_an_encoder_says_why()
    {
        using var folder = new TempFolder();
        string path = folder.File("tokenizer.json");
        File.WriteAllText(path, TokenizerJsonSamples.WordPiece);
        Assert.Equal([5, 6], TokenizerFiles.Load(path).Encode("hello world"));

        File.WriteAllText(path, TokenizerJsonSamples.WordLevel);
        var error = Assert.Throws<GroupReduceException>(() => TokenizerFiles.Load(path).Encode("the cat"));
        Assert.Equal(TokenizerErrorCodes.Unsupported, error.Code);
        Assert.Contains("WordLevel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tokenizer_is_found_beside_the_model_or_inside_a_checkpoint_folder()
    {
        using var folder = new TempFolder();
        string model = folder.File("model.safetensors");
        File.WriteAllBytes(model, [0]);
        Assert.Null(TokenizerFiles.FindBeside(model));

        File.WriteAllText(folder.File("vocab.json"), "{}");
        Assert.Equal(folder.File("vocab.json"), TokenizerFiles.FindBeside(model));
        File.WriteAllText(folder.File("tokenizer.json"), TokenizerJsonSamples.WordLevel);
        Assert.Equal(folder.File("tokenizer.json"), TokenizerFiles.FindBeside(model));
        Assert.Equal(folder.File("tokenizer.json"), TokenizerFiles.FindBeside(folder.Path));
    }

    [Theory]
    [InlineData("tokenizer.json", "{ \"model\": ", "GR2121", "not valid JSON")]
    [InlineData("tokenizer.json", "[1, 2]", "GR2121", "neither a tokenizer.json")]
    [InlineData("tokenizer.json", "{ \"model\": { \"type\": \"Fancy\", \"vocab\": {} } }", "GR2122", "type 'Fancy'")]
    [InlineData("tokenizer.json", "{ \"model\": { \"type\": \"BPE\", \"vocab\": { \"a\": -1 }, \"merges\": [] } }", "GR2121", "the id -1")]
    [InlineData("tokenizer.json", "{ \"model\": { \"type\": \"BPE\", \"vocab\": { \"a\": 0, \"b\": 0 }, \"merges\": [] } }", "GR2121", "id 0 to both")]
    [InlineData("tokenizer.json", "{ \"model\": { \"type\": \"BPE\", \"vocab\": { \"a\": 0 }, \"merges\": [\"a b\"] } }", "GR2121", "not a tokenizer the library can build")]
    [InlineData("tokenizer.json", "{ \"added_tokens\": [ { \"content\": \"x\" } ], \"model\": { \"type\": \"WordLevel\", \"vocab\": {} } }", "GR2121", "added token")]
    [InlineData("vocab.json", "{ \"a\": \"zero\" }", "GR2121", "the id \"zero\"")]
    [InlineData("mine.tiktoken", "!!! 0\n", "GR2121", "not base64")]
    [InlineData("mine.tiktoken", "YQ== 0\nYg== 0\n", "GR2121", "rank 0 twice")]
    [InlineData("tokenizer.model", "not a protobuf at all", "GR2121", "not a SentencePiece model")]
    public void A_damaged_tokenizer_is_an_error_naming_the_file_and_the_problem(string name, string content, string code, string expected)
    {
        using var folder = new TempFolder();
        string path = folder.File(name);
        File.WriteAllText(path, content);

        var error = Assert.Throws<GroupReduceException>(() => TokenizerFiles.Load(path, new SourceLocation("spec.yaml", 3, 15)));

        Assert.Equal(code, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Location?.Line);
    }

    [Fact]
    public void A_missing_tokenizer_is_unreadable()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<GroupReduceException>(() => TokenizerFiles.Load(folder.File("tokenizer.json")));
        Assert.Equal(TokenizerErrorCodes.Unreadable, error.Code);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
