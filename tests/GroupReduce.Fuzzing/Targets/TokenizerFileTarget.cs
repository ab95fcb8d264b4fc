using System.Text;
using GroupReduce.Core.Tokenizers;
using GroupReduce.Fuzzing.Mutations;

namespace GroupReduce.Fuzzing.Targets;

/// <summary>
/// A tokenizer file read as the engine reads it (<see cref="TokenizerFiles.Load"/>), then, when it can split text,
/// made to encode a short sentence: tokenizer.json, SentencePiece <c>.model</c> or <c>.tiktoken</c>.
/// </summary>
public sealed class TokenizerFileTarget : FuzzTarget
{
    private readonly string _fileName;
    private readonly Func<IReadOnlyList<FuzzSeed>> _seeds;

    /// <summary>Creates the target.</summary>
    /// <param name="name">The target's name.</param>
    /// <param name="shape">How its input is mutated.</param>
    /// <param name="fileName">The file name the input is written under (it decides the reader).</param>
    /// <param name="seeds">Valid files to start from.</param>
    public TokenizerFileTarget(string name, InputShape shape, string fileName, Func<IReadOnlyList<FuzzSeed>> seeds)
    {
        Name = name;
        Shape = shape;
        _fileName = fileName;
        _seeds = seeds;
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override InputShape Shape { get; }

    /// <inheritdoc />
    protected override string InputFileName => _fileName;

    /// <inheritdoc />
    protected override FuzzOutcome Exercise(string path, string folder)
    {
        ModelTokenizer tokenizer = TokenizerFiles.Load(path);
        _ = tokenizer.Describe();
        if (tokenizer.Encoder is not null)
        {
            _ = tokenizer.Encode("Hello world, hello again!\nthe end");
        }

        return FuzzOutcome.Accepted;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<FuzzSeed> CreateSeeds() => _seeds();

    /// <inheritdoc />
    protected override bool IsExpectedCode(string code) => code.StartsWith("GR212", StringComparison.Ordinal);

    /// <summary>Seeds for tokenizer.json: byte-level BPE, WordPiece and Unigram.</summary>
    /// <returns>The seeds.</returns>
    public static IReadOnlyList<FuzzSeed> JsonSeeds() =>
    [
        new("byte-level BPE", Encoding.UTF8.GetBytes("""{"added_tokens":[{"id":11,"content":"<|endoftext|>"}],"pre_tokenizer":{"type":"ByteLevel"},"model":{"type":"BPE","vocab":{"h":0,"e":1,"l":2,"o":3,"Ġ":4,"he":5,"ll":6,"hell":7,"hello":8,"Ġhello":9,"w":10},"merges":["h e","l l","he ll","hell o","Ġ hello"]}}""")),
        new("WordPiece", Encoding.UTF8.GetBytes("""{"normalizer":{"type":"BertNormalizer","lowercase":true},"pre_tokenizer":{"type":"BertPreTokenizer"},"model":{"type":"WordPiece","unk_token":"[UNK]","vocab":{"[PAD]":0,"[UNK]":1,"[CLS]":2,"[SEP]":3,"[MASK]":4,"hello":5,"world":6,"##s":7}}}""")),
        new("Unigram", Encoding.UTF8.GetBytes("""{"pre_tokenizer":{"type":"Metaspace","replacement":"▁"},"model":{"type":"Unigram","unk_id":0,"vocab":[["<unk>",0.0],["▁hello",-1.0],["▁",-2.0],["h",-3.0],["e",-3.0],["l",-3.0],["o",-3.0]]}}""")),
    ];

    /// <summary>Seeds for .tiktoken files (named after r50k_base, so they encode).</summary>
    /// <returns>The seeds.</returns>
    public static IReadOnlyList<FuzzSeed> TiktokenSeeds() =>
    [
        new("every byte and a few merges", Encoding.UTF8.GetBytes(string.Concat(
            Enumerable.Range(0, 256).Select(b => new[] { (byte)b })
                .Concat(new[] { "He", "ll", "Hell", "Hello", " w" }.Select(Encoding.UTF8.GetBytes))
                .Select((token, rank) => $"{Convert.ToBase64String(token)} {rank}\n")))),
    ];
}
