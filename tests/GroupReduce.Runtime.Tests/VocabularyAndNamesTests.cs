using System.Text;
using GroupReduce.Core.Models;
using GroupReduce.Runtime.Format;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Runtime.Tests;

public sealed class VocabularyAndNamesTests
{
    [Fact]
    public void A_model_that_carries_its_tokens_gives_an_artifact_that_maps_tokens_to_rows()
    {
        using var folder = new TempFolder();
        SyntheticModel model = SyntheticModel.Create(rows: 150, columns: 12);
        model.Write(folder);
        WriteWithVocabulary(folder, model);

        // Counts now match by the model's own tokens: no vocabulary file in the spec.
        Runs.Compress(folder, Runs.BasicSpec.Replace("  vocabulary: vocab.txt\n", string.Empty, StringComparison.Ordinal), model: "tokens.safetensors");

        using CompressedModel artifact = CompressedModel.Open(folder.File("out.gr.safetensors"));
        TokenVocabulary vocabulary = artifact.Vocabulary!;
        Assert.Equal(150, vocabulary.Count);
        Assert.Equal("tok42", vocabulary[42]);
        Assert.True(vocabulary.TryGetId("tok149", out int id));
        Assert.Equal(149, id);
        Assert.False(vocabulary.TryGetId("TOK1", out _));
        Assert.Equal("v1", artifact.Metadata["groupreduce.lm.note"]);
        System.Text.Json.Nodes.JsonNode written = System.Text.Json.Nodes.JsonNode.Parse(artifact.Metadata[MetadataKeys.Manifest])!["vocabulary"]!;
        Assert.Equal(TensorNames.VocabularyOffsets, (string)written["offsets"]!);
        Assert.Equal(TensorNames.VocabularyBytes, (string)written["bytes"]!);
    }

    [Fact]
    public void Tied_names_resolve_to_their_matrix_and_unknown_names_list_the_known_ones()
    {
        using var folder = new TempFolder();
        SyntheticModel model = SyntheticModel.Create(rows: 120, columns: 10);
        model.Write(folder, extra: new Dictionary<string, float[]> { ["lm_head.weight"] = model.Softmax });
        Runs.Compress(folder, Runs.BasicSpec.Replace("matrices: [encoder.weight, decoder.weight]", "matrices:\n  - encoder.weight\n  - { tensor: decoder.weight, tied: [lm_head.weight] }", StringComparison.Ordinal));

        using CompressedModel artifact = CompressedModel.Open(folder.File("out.gr.safetensors"));

        Assert.Same(artifact.GetMatrix("decoder.weight"), artifact.GetMatrix("lm_head.weight"));
        Assert.Equal(["lm_head.weight"], artifact.GetMatrix("decoder.weight").Tied);
        KeyNotFoundException error = Assert.Throws<KeyNotFoundException>(() => artifact.GetMatrix("softmax.weight"));
        Assert.Contains("'encoder.weight'", error.Message, StringComparison.Ordinal);
        Assert.False(artifact.TryGetMatrix("softmax.weight", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => artifact.GetMatrix("encoder.weight").GetRow(120, new float[10]));
        Assert.Throws<ArgumentException>(() => artifact.GetMatrix("encoder.weight").Multiply(new float[9], new float[120]));
    }

    private static void WriteWithVocabulary(TempFolder folder, SyntheticModel model)
    {
        byte[] text = Encoding.UTF8.GetBytes(string.Concat(model.Tokens));
        var offsets = new long[model.Rows + 1];
        for (int i = 0; i < model.Rows; i++)
        {
            offsets[i + 1] = offsets[i] + Encoding.UTF8.GetByteCount(model.Tokens[i]);
        }

        var entries = new List<SafetensorsEntry>
        {
            SyntheticModel.Entry("encoder.weight", model.Embedding, model.Rows, model.Columns),
            SyntheticModel.Entry("decoder.weight", model.Softmax, model.Rows, model.Columns),
            SyntheticModel.Entry("decoder.bias", model.Bias, model.Rows),
            new(TensorNames.VocabularyOffsets, "I64", [offsets.Length], offsets.Length * 8L, s => s.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(offsets.AsSpan()))),
            new(TensorNames.VocabularyBytes, "U8", [text.Length], text.Length, s => s.Write(text)),
        };
        using FileStream stream = File.Create(folder.File("tokens.safetensors"));
        SafetensorsWriter.Write(stream, new Dictionary<string, string> { ["groupreduce.lm.note"] = "v1" }, entries, CancellationToken.None);
    }
}
