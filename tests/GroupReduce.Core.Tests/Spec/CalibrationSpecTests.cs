using GroupReduce.Abstractions;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Tests.Spec;

public sealed class CalibrationSpecTests
{
    private const string Minimal = "version: 1\nmatrices: [emb]\nfrequencies: { source: zipf }\nbudget: { rate: 4x }\n";

    private static CompressionSpec Parse(string calibration) => SpecLoader.Parse(Minimal + calibration, "/specs/lm.yaml");

    [Fact]
    public void Hidden_states_resolve_against_the_spec_and_take_the_defaults()
    {
        CalibrationSpec calibration = Parse("calibration:\n  hidden: h.npy\n").Calibration!;

        Assert.Equal(Path.GetFullPath("/specs/h.npy"), calibration.Hidden!.Value);
        Assert.Null(calibration.Tokens);
        Assert.Null(calibration.Matrix);
        Assert.Equal(1.0, calibration.Epsilon.Value);
        Assert.True(calibration.Epsilon.IsDefault);
        Assert.Equal(new SourceLocation("/specs/lm.yaml", 5, 1), calibration.Location);
    }

    [Fact]
    public void Tokens_take_a_sentence_limit_and_the_embedding_switch()
    {
        CalibrationSpec calibration = Parse("calibration: { tokens: valid.txt, max_sentences: 500, embedding: true, epsilon: 0.01 }\n").Calibration!;

        Assert.Equal(Path.GetFullPath("/specs/valid.txt"), calibration.Tokens!.Value);
        Assert.Equal(500, calibration.MaxSentences!.Value);
        Assert.True(calibration.Embedding.Value);
        Assert.Equal(0.01, calibration.Epsilon.Value);
    }

    [Fact]
    public void Without_the_block_there_is_no_calibration() => Assert.Null(SpecLoader.Parse(Minimal, "/specs/lm.yaml").Calibration);

    [Theory]
    [InlineData("calibration: { hidden: h.npy, tokens: t.txt }", SpecErrorCodes.ConflictingCalibration, 31, "gives both 'hidden' and 'tokens'")]
    [InlineData("calibration: { epsilon: 0.1 }", SpecErrorCodes.MissingKey, 1, "needs 'hidden'")]
    [InlineData("calibration: { tokens: t.txt, matrix: lm_head.weight }", SpecErrorCodes.ConflictingCalibration, 31, "'calibration.matrix' does not go with 'tokens'")]
    [InlineData("calibration: { hidden: h.npy, max_sentences: 10 }", SpecErrorCodes.ConflictingCalibration, 31, "'calibration.max_sentences' does not go with 'hidden'")]
    [InlineData("calibration: { hidden: h.npy, embedding: false }", SpecErrorCodes.ConflictingCalibration, 31, "'calibration.embedding' does not go with 'hidden'")]
    [InlineData("calibration: { hidden: h.npy, epsilon: 2000 }", SpecErrorCodes.OutOfRange, 40, "'calibration.epsilon' is 2000, out of range")]
    [InlineData("calibration: { hidden: h.npy, colour: red }", SpecErrorCodes.UnknownKey, 31, "unknown key 'colour'")]
    public void Bad_blocks_are_errors_at_their_place(string line, string code, int column, string message)
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Parse(line + "\n"));

        Assert.Equal(code, error.Code);
        Assert.Equal(5, error.Location!.Value.Line);
        Assert.Equal(column, error.Location!.Value.Column);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
