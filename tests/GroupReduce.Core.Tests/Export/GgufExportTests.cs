using System.Globalization;
using System.Runtime.InteropServices;
using GroupReduce.Abstractions;
using GroupReduce.Core.Export;
using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models;
using GroupReduce.Runtime.Format;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;
using Xunit;

namespace GroupReduce.Core.Tests.Export;

/// <summary><c>export --format gguf</c>: a GGUF as llama.cpp writes it goes back to GGUF with its metadata verbatim.</summary>
public sealed class GgufExportTests
{
    private const uint TypeF32 = 0, TypeQ8_0 = 8, TypeQ4_K = 12;
    private const int Rows = 200, Columns = 64;

    [Fact]
    public void A_gguf_artifact_exports_to_gguf_with_its_metadata_verbatim_its_other_tensors_unchanged_and_its_matrices_rebuilt()
    {
        using var folder = new TempFolder();
        (string model, Dictionary<string, byte[]> passed) = WriteGguf(folder);
        string artifact = Compress(folder);

        ExportResult result = ArtifactExporter.Export(artifact, folder.File("dense.gguf"), null);
        ArtifactExporter.Export(artifact, folder.File("dense.safetensors"), null);

        Assert.Equal(ExportFormat.Gguf, result.Format);
        Assert.Equal(["output.weight", "token_embd.weight"], result.RebuiltTensors.Order(StringComparer.Ordinal));
        using ModelFile input = ModelFileReader.Open(model);
        using ModelFile gguf = ModelFileReader.Open(folder.File("dense.gguf"));
        using ModelFile dense = ModelFileReader.Open(folder.File("dense.safetensors"));
        Assert.Equal(ModelFormat.Gguf, gguf.Format);

        // Every key/value byte for byte (types, the string array, the float array, general.alignment 64), so typed as before.
        Assert.True(input.GgufMetadata!.Value.Span.SequenceEqual(gguf.GgufMetadata!.Value.Span));
        Assert.Equal(input.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal), gguf.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal("array<string>[3]", gguf.Metadata["tokenizer.ggml.merges"]);
        Assert.Equal(input.Vocabulary, gguf.Vocabulary);

        // The tensors llama.cpp looks up, and no artifact tensor (vocabulary, factors, maps) besides them.
        Assert.Equal(input.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal), gguf.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(result.Tensors, gguf.Tensors.Count);
        foreach ((string name, byte[] bytes) in passed)
        {
            ModelTensor before = input.FindTensor(name)!, after = gguf.FindTensor(name)!;
            Assert.Equal(before.GgmlTypeName ?? before.DType.ToString(), after.GgmlTypeName ?? after.DType.ToString());
            Assert.Equal(before.Shape, after.Shape);
            Assert.Equal(bytes, SafetensorsReaderTests.RawBytes(after));
        }

        // The Q8_0 embedding comes back F16: the safetensors export's F32 values rounded; the F32 one is the same bytes.
        ModelTensor embedding = gguf.FindTensor("token_embd.weight")!;
        Assert.Equal(TensorDType.F16, embedding.DType);
        Assert.Equal([(long)Rows, Columns], embedding.Shape);
        float[] f32 = SafetensorsReaderTests.ReadAll(dense.FindTensor("token_embd.weight")!.AsMatrix());
        Assert.Equal(MemoryMarshal.AsBytes(f32.Select(v => (Half)v).ToArray().AsSpan()).ToArray(), SafetensorsReaderTests.RawBytes(embedding));
        Assert.Contains(f32, v => v != 0);
        ModelTensor output = gguf.FindTensor("output.weight")!;
        Assert.Equal(TensorDType.F32, output.DType);
        Assert.Equal([(long)Rows, Columns], output.Shape);
        Assert.Equal(SafetensorsReaderTests.RawBytes(dense.FindTensor("output.weight")!), SafetensorsReaderTests.RawBytes(output));

        // The safetensors export does not carry the GGUF container's header.
        Assert.False(dense.Metadata.ContainsKey(MetadataKeys.GgufMetadata));
    }

    [Fact]
    public void The_artifact_of_a_gguf_keeps_its_metadata_as_a_gguf_header_with_no_tensors()
    {
        using var folder = new TempFolder();
        (string model, _) = WriteGguf(folder);
        string artifact = Compress(folder);

        using ModelFile input = ModelFileReader.Open(model);
        using ModelFile compressed = ModelFileReader.Open(artifact);
        byte[] kept = Convert.FromBase64String(compressed.Metadata[MetadataKeys.GgufMetadata]);
        Assert.Equal(input.GgufMetadata!.Value.ToArray(), kept);
        Assert.Equal("GGUF"u8.ToArray(), kept[..4]);
        Assert.Equal(0UL, BitConverter.ToUInt64(kept, 8));
        Assert.Equal(8UL, BitConverter.ToUInt64(kept, 16));
    }

    [Fact]
    public void A_safetensors_artifact_exported_to_gguf_is_GR2073_and_nothing_is_written()
    {
        using var folder = new TempFolder();
        string artifact = ExportCases.Compress(folder, "int8");
        string[] before = Directory.GetFileSystemEntries(folder.Path);

        var error = Assert.Throws<GroupReduceException>(() => ArtifactExporter.Export(artifact, folder.File("dense.gguf"), null));

        Assert.True(error.Code == "GR2073", error.Message);
        Assert.Contains("safetensors model (lm.safetensors)", error.Message, StringComparison.Ordinal);
        Assert.Contains("--format safetensors", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(folder.Path));
    }

    private static (string Path, Dictionary<string, byte[]> PassedThrough) WriteGguf(TempFolder folder)
    {
        string[] tokens = [.. Enumerable.Range(0, Rows).Select(i => $"tok{i}")];
        byte[] embedding = Q8Blocks(Rows * Columns / 32, seed: 3);
        var random = new Random(4);
        byte[] output = LittleEndian.Floats([.. Enumerable.Range(0, Rows * Columns).Select(_ => (float)(random.NextDouble() - 0.5))]);
        var passed = new Dictionary<string, byte[]>
        {
            ["blk.0.attn_q.weight"] = GgufQuantizedTests.RandomBlocks(TypeQ4_K, 2, seed: 6),
            ["blk.0.ffn_up.weight"] = Q8Blocks(3, seed: 7),
            ["output_norm.weight"] = LittleEndian.Floats([.. Enumerable.Range(0, 8).Select(i => i * 0.25f)]),
        };
        string path = folder.File("model.gguf");
        File.WriteAllBytes(path, new GgufBytes { Alignment = 64 }
            .String("general.architecture", "llama")
            .UInt32("general.alignment", 64)
            .KeyValue("llama.rope.freq_base", GgufBytes.F32, BitConverter.GetBytes(10000.5f))
            .KeyValue("tokenizer.ggml.add_bos_token", GgufBytes.Bool, [1])
            .KeyValue("llama.context_length", GgufBytes.U64, BitConverter.GetBytes(4096UL))
            .StringArray("tokenizer.ggml.tokens", tokens)
            .StringArray("tokenizer.ggml.merges", "t o", "to k", "1 2")
            .KeyValue("tokenizer.ggml.scores", GgufBytes.Arr, [.. BitConverter.GetBytes(GgufBytes.F32), .. BitConverter.GetBytes(2UL), .. BitConverter.GetBytes(-1.5f), .. BitConverter.GetBytes(0.25f)])
            .Tensor("token_embd.weight", [Columns, Rows], TypeQ8_0, embedding)
            .Tensor("output.weight", [Columns, Rows], TypeF32, output)
            .Tensor("blk.0.attn_q.weight", [256, 2], TypeQ4_K, passed["blk.0.attn_q.weight"])
            .Tensor("blk.0.ffn_up.weight", [32, 3], TypeQ8_0, passed["blk.0.ffn_up.weight"])
            .Tensor("output_norm.weight", [8], TypeF32, passed["output_norm.weight"])
            .Build());
        File.WriteAllLines(folder.File("counts.tsv"), tokens.Select((t, i) => $"{t}\t{(1000 / (i + 1)).ToString(CultureInfo.InvariantCulture)}"));
        return (path, passed);
    }

    // Q8_0 blocks: a float16 scale, then 32 signed bytes.
    private static byte[] Q8Blocks(int blocks, int seed)
    {
        var random = new Random(seed);
        var data = new byte[blocks * 34];
        random.NextBytes(data);
        for (int b = 0; b < blocks; b++)
        {
            BitConverter.TryWriteBytes(data.AsSpan(b * 34, 2), BitConverter.HalfToUInt16Bits((Half)(0.01 + (random.NextDouble() * 0.02))));
        }

        return data;
    }

    private static string Compress(TempFolder folder)
    {
        const string spec = """
            version: 1
            matrices: [token_embd.weight, output.weight]
            frequencies:
              source: counts
              path: counts.tsv
            budget:
              rate: 4x
            groups: 4

            """;
        Runs.Compress(folder, spec, model: "model.gguf");
        return folder.File("out.gr.safetensors");
    }
}
