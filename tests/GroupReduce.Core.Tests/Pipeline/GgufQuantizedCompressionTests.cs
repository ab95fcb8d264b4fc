using System.Globalization;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Models;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Tests.Models;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Pipeline;

/// <summary>A GGUF as llama-quantize writes it (a Q4_K embedding) compresses end to end; its other tensors travel unchanged.</summary>
public sealed class GgufQuantizedCompressionTests
{
    private const uint TypeF32 = 0, TypeQ4_K = 12, TypeQ6_K = 14, TypeIQ2_XXS = 16;

    [Fact]
    public void A_gguf_whose_embedding_is_Q4_K_compresses_and_the_artifact_keeps_the_other_tensors()
    {
        using var folder = new TempFolder();
        const int rows = 200, columns = 256;
        string[] tokens = [.. Enumerable.Range(0, rows).Select(i => $"tok{i}")];
        byte[] embedding = GgufQuantizedTests.RandomBlocks(TypeQ4_K, rows, seed: 5);
        byte[] attention = GgufQuantizedTests.RandomBlocks(TypeQ6_K, 2, seed: 6);
        byte[] iq = [.. Enumerable.Range(0, 66).Select(i => (byte)(i * 3))];
        byte[] norm = LittleEndian.Floats([.. Enumerable.Range(0, 8).Select(i => i * 0.25f)]);
        File.WriteAllBytes(folder.File("model.gguf"), new GgufBytes()
            .String("general.architecture", "llama")
            .StringArray("tokenizer.ggml.tokens", tokens)
            .Tensor("token_embd.weight", [columns, rows], TypeQ4_K, embedding)
            .Tensor("blk.0.attn_q.weight", [256, 2], TypeQ6_K, attention)
            .Tensor("blk.0.ffn_iq.weight", [256, 1], TypeIQ2_XXS, iq)
            .Tensor("output_norm.weight", [8], TypeF32, norm)
            .Build());
        File.WriteAllLines(folder.File("counts.tsv"), tokens.Select((t, i) => $"{t}\t{(1000 / (i + 1)).ToString(CultureInfo.InvariantCulture)}"));
        const string spec = """
            version: 1
            matrices: [token_embd.weight]
            frequencies:
              source: counts
              path: counts.tsv
            budget:
              rate: 4x
            groups: 4

            """;

        CompressionReport report = Runs.Compress(folder, spec, model: "model.gguf");

        MatrixReport matrix = Assert.Single(report.Result.Matrices);
        Assert.Equal("token_embd.weight", matrix.Tensor);
        Assert.Equal("Q4_K", matrix.Dtype);
        Assert.Equal(rows, matrix.Rows);
        Assert.Equal(columns, matrix.Columns);
        Assert.True(matrix.RelativeError is > 0 and < 1, $"relative error {matrix.RelativeError}");

        using ModelFile artifact = ModelFileReader.Open(folder.File("out.gr.safetensors"));
        ArtifactManifest manifest = ArtifactReader.TryRead(artifact)!.Value.Manifest;
        Assert.Equal("Q4_K", Assert.Single(manifest.Matrices).OriginalDtype);
        Assert.Null(artifact.FindTensor("token_embd.weight"));
        Assert.Equal(attention, SafetensorsReaderTests.RawBytes(artifact.FindTensor("blk.0.attn_q.weight")!));
        Assert.Equal(iq, SafetensorsReaderTests.RawBytes(artifact.FindTensor("blk.0.ffn_iq.weight")!));
        Assert.Equal(norm, SafetensorsReaderTests.RawBytes(artifact.FindTensor("output_norm.weight")!));
        Assert.Equal(
            [("blk.0.attn_q.weight", "Q6_K"), ("blk.0.ffn_iq.weight", "IQ2_XXS")],
            manifest.RawTensors.Select(r => (r.Tensor, r.GgmlType)).OrderBy(r => r.Tensor, StringComparer.Ordinal));
    }
}
