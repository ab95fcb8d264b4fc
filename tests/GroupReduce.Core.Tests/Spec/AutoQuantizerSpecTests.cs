using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Options;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Tests.Spec;

public sealed class AutoQuantizerSpecTests
{
    private const string Minimal = "version: 1\nmatrices: [emb]\nfrequencies: { source: zipf }\nbudget: { rate: 4x }\n";

    private static CompressionSpec Parse(string tail) => SpecLoader.Parse(Minimal + tail, "/specs/lm.yaml");

    [Fact]
    public void Auto_alone_offers_f16_int8_and_int4_with_f16_as_the_float_plugin()
    {
        IReadOnlyList<EncodingReference> encodings = Parse("quantizer: auto\n").Auto!.Encodings;

        Assert.Equal(["f16", "int8", "int4"], encodings.Select(e => e.Label));
        Assert.Equal(["float", "int8", "int4"], encodings.Select(e => e.Plugin.Name.Value));
        OptionEntry dtype = Assert.Single(encodings[0].Plugin.Options.Entries);
        Assert.Equal("dtype", dtype.Key);
        Assert.Equal("f16", ((OptionScalar)dtype.Value).Value);
        Assert.Empty(encodings[1].Plugin.Options.Entries);
    }

    [Fact]
    public void Listed_encodings_keep_their_order_shorthands_and_option_blocks()
    {
        IReadOnlyList<EncodingReference> encodings = Parse("quantizer:\n  name: auto\n  options:\n    encodings: [bf16, { name: int8, options: { block: 32 } }, int4]\n").Auto!.Encodings;

        Assert.Equal(["bf16", "int8 (block: 32)", "int4"], encodings.Select(e => e.Label));
        Assert.Equal("float", encodings[0].Plugin.Name.Value);
        Assert.Equal("block", Assert.Single(encodings[1].Plugin.Options.Entries).Key);
        Assert.Equal(new SourceLocation("/specs/lm.yaml", 8, 17), encodings[0].Plugin.Name.Location);
    }

    [Fact]
    public void The_noise_weight_is_four_unless_given()
    {
        Assert.Equal(4, Parse("quantizer: auto\n").Auto!.NoiseWeight.Value);
        Assert.True(Parse("quantizer: auto\n").Auto!.NoiseWeight.IsDefault);
        Assert.Equal(1, Parse("quantizer: { name: auto, options: { noise_weight: 1 } }\n").Auto!.NoiseWeight.Value);
    }

    [Fact]
    public void A_named_quantizer_has_no_encodings() => Assert.Null(Parse("quantizer: int8\n").Auto);

    [Fact]
    public void Deriving_with_another_quantizer_drops_or_reads_the_encodings()
    {
        CompressionSpec auto = Parse("quantizer: auto\n");
        CompressionSpec int8 = Parse("quantizer: int8\n");

        Assert.Null(auto.Derive(quantizer: int8.Quantizer).Auto);
        Assert.Equal(3, int8.Derive(quantizer: auto.Quantizer).Auto!.Encodings.Count);
        Assert.Same(auto.Auto, auto.Derive(note: "kept").Auto);
    }

    [Theory]
    [InlineData("quantizer: { name: auto, options: { encodings: [] } }", SpecErrorCodes.EmptyValue, 5, 48, "is empty")]
    [InlineData("quantizer: { name: auto, options: { encodings: int8 } }", SpecErrorCodes.WrongType, 5, 48, "must be a list of quantizers")]
    [InlineData("quantizer: { name: auto, options: { encoding: [int8] } }", SpecErrorCodes.UnknownKey, 5, 37, "did you mean 'encodings'")]
    [InlineData("quantizer: { name: auto, options: { encodings: [int8, auto] } }", SpecErrorCodes.AutoQuantizerConflict, 5, 55, "is 'auto' itself")]
    [InlineData("quantizer: { name: auto, options: { encodings: [int8, int4, int8] } }", SpecErrorCodes.AutoQuantizerConflict, 5, 61, "'int8' is listed twice")]
    [InlineData("quantizer: { name: auto, options: { encodings: [{ options: { block: 8 } }] } }", SpecErrorCodes.MissingKey, 5, 49, "has no 'name'")]
    [InlineData("quantizer: { name: auto, options: { encodings: [{ name: int8, bits: 4 }] } }", SpecErrorCodes.UnknownKey, 5, 63, "unknown key 'quantizer.options.encodings[0].bits'")]
    [InlineData("quantizer: { name: auto, options: { noise_weight: 0 } }", SpecErrorCodes.OutOfRange, 5, 51, "'quantizer.options.noise_weight' is 0, out of range")]
    [InlineData("quantizer: { name: auto, options: { noise_weight: lots } }", SpecErrorCodes.InvalidNumber, 5, 51, "must be a number from 0.01 to 100")]
    [InlineData("method: quantize\nquantizer: auto", SpecErrorCodes.AutoQuantizerConflict, 6, 12, "'quantize' stores each matrix whole")]
    [InlineData("baselines: [svd, quantize]\nquantizer: auto", SpecErrorCodes.AutoQuantizerConflict, 6, 12, "drop 'quantize'")]
    public void Bad_auto_blocks_are_errors_at_their_place(string lines, string code, int line, int column, string message)
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Parse(lines + "\n"));

        Assert.Equal(code, error.Code);
        Assert.Equal(line, error.Location!.Value.Line);
        Assert.Equal(column, error.Location!.Value.Column);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_budget_cannot_trade_bytes_for_precision()
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => SpecLoader.Parse(
            "version: 1\nmatrices: [emb]\nfrequencies: { source: zipf }\nbudget: { parameters: 1000 }\nquantizer: auto\n", "/specs/lm.yaml"));

        Assert.Equal(SpecErrorCodes.AutoQuantizerConflict, error.Code);
        Assert.Equal(5, error.Location!.Value.Line);
        Assert.Contains("'rate:' or 'bytes:'", error.Message, StringComparison.Ordinal);
    }
}
