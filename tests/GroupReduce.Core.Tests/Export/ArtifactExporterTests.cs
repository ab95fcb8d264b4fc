using System.Text.Json;
using GroupReduce.Abstractions;
using GroupReduce.Core.Export;
using GroupReduce.Core.Models;
using GroupReduce.Testing;
using Xunit;

namespace GroupReduce.Core.Tests.Export;

public sealed class ArtifactExporterTests
{
    [Theory]
    [MemberData(nameof(ExportCases.Names), MemberType = typeof(ExportCases))]
    public void Every_matrix_is_rebuilt_as_the_format_decodes_it_in_its_original_dtype_and_every_other_tensor_passes_through(string name)
    {
        using var folder = new TempFolder();
        string artifact = ExportCases.Compress(folder, name);

        ExportResult result = ArtifactExporter.Export(artifact, folder.File("dense.safetensors"), null);

        var source = new FormatSpecReader(artifact);
        var exported = new FormatSpecReader(folder.File("dense.safetensors"));
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (FormatSpecReader.Matrix matrix in source.Matrices())
        {
            string dtype = matrix.OriginalDType;
            byte[] bytes = ExportCases.Encode(matrix.Values, dtype);
            foreach (string tensor in matrix.Tied.Prepend(matrix.Name))
            {
                FormatSpecReader.Tensor written = exported.Tensors[tensor];
                Assert.Equal(dtype, written.DType);
                Assert.Equal([matrix.Rows, matrix.Columns], written.Shape);
                Assert.True(bytes.AsSpan().SequenceEqual(exported.Bytes(tensor)), $"{name}: '{tensor}' differs from the values docs/format.md gives");
                expected.Add(tensor);
            }
        }

        HashSet<string> compressed = source.CompressedTensorNames();
        foreach ((string tensor, FormatSpecReader.Tensor stored) in source.Tensors.Where(t => !compressed.Contains(t.Key)))
        {
            Assert.Equal(stored.DType, exported.Tensors[tensor].DType);
            Assert.Equal(stored.Shape, exported.Tensors[tensor].Shape);
            Assert.Equal(source.Bytes(tensor), exported.Bytes(tensor));
            expected.Add(tensor);
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), exported.Tensors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("groupreduce.vocab.offsets", expected);
        Assert.Equal(expected.Count, result.Tensors);
        Assert.Equal(name == "tied" ? 3 : 2, result.RebuiltTensors.Count);
    }

    [Fact]
    public void The_safetensors_export_keeps_the_models_metadata_names_its_artifact_and_is_deterministic()
    {
        using var folder = new TempFolder();
        string artifact = ExportCases.Compress(folder, "int8");

        ArtifactExporter.Export(artifact, folder.File("a.safetensors"), ExportFormat.Safetensors);
        ArtifactExporter.Export(artifact, folder.File("b.safetensors"), null);

        var exported = new FormatSpecReader(folder.File("a.safetensors"));
        string hash = JsonDocument.Parse(new FormatSpecReader(artifact).Metadata["groupreduce.manifest"]).RootElement.GetProperty("input").GetProperty("hash").GetString()!;
        Assert.Equal("pt", exported.Metadata["format"]);
        Assert.Equal("kept", exported.Metadata["groupreduce.lm.note"]);
        Assert.Equal($"out.gr.safetensors (made from lm.safetensors, {hash})", exported.Metadata["groupreduce.exported_from"]);
        Assert.DoesNotContain(exported.Metadata.Keys, k => k is "groupreduce.manifest" or "groupreduce.spec" or "groupreduce.format_version");
        Assert.Equal(File.ReadAllBytes(folder.File("a.safetensors")), File.ReadAllBytes(folder.File("b.safetensors")));
        using ModelFile model = ModelFileReader.Open(folder.File("a.safetensors"));
        Assert.Null(GroupReduce.Core.Artifacts.ArtifactReader.TryRead(model));
        Assert.Equal(300, model.Vocabulary!.Count);
    }

    [Theory]
    [InlineData("codebook", false)]
    [InlineData("tied", true)]
    [InlineData("bf16 original", true)]
    public void The_onnx_export_reads_back_with_the_repositorys_reader_with_identical_tensors(string name, bool external)
    {
        using var folder = new TempFolder();
        string artifact = ExportCases.Compress(folder, name);
        ArtifactExporter.Export(artifact, folder.File("dense.safetensors"), null);

        ExportResult result = ArtifactExporter.Export(artifact, folder.File("dense.onnx"), null, external ? 1 : OnnxExport.ProtobufLimit, CancellationToken.None);

        Assert.Equal(external ? [folder.File("dense.onnx"), folder.File("dense.onnx.data")] : [folder.File("dense.onnx")], result.Files);
        Assert.Equal(external, File.Exists(folder.File("dense.onnx.data")));
        var expected = new FormatSpecReader(folder.File("dense.safetensors"));
        using ModelFile onnx = ModelFileReader.Open(folder.File("dense.onnx"));
        Assert.Equal(ModelFormat.Onnx, onnx.Format);
        Assert.Equal(expected.Tensors.Keys.Order(StringComparer.Ordinal), onnx.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (ModelTensor tensor in onnx.Tensors)
        {
            Assert.Equal(expected.Tensors[tensor.Name].DType, SafetensorsDType.FromTensorDType(tensor.DType));
            Assert.Equal(expected.Tensors[tensor.Name].Shape, tensor.Shape);
            var bytes = new MemoryStream();
            tensor.CopyRawTo(bytes, CancellationToken.None);
            Assert.Equal(expected.Bytes(tensor.Name), bytes.ToArray());
        }

        Assert.Equal(expected.Metadata, onnx.Metadata);
        Onnx.ModelProto proto = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(folder.File("dense.onnx")));
        Assert.Empty(proto.Graph.Node);
        Assert.Equal(17, proto.OpsetImport.Single(o => o.Domain.Length == 0).Version);
        Assert.All(proto.Graph.Initializer, i => Assert.Equal(external, i.DataLocation == Onnx.TensorProto.Types.DataLocation.External));
        Assert.All(proto.Graph.Initializer.Where(_ => external), i => Assert.Equal("dense.onnx.data", i.ExternalData.Single(e => e.Key == "location").Value));
    }

    [Theory]
    [InlineData("int4")]
    [InlineData("f16 original")]
    [InlineData("bf16 original")]
    public void The_npy_export_writes_one_array_per_tensor_that_the_repositorys_reader_reads_and_an_index(string name)
    {
        using var folder = new TempFolder();
        string artifact = ExportCases.Compress(folder, name);
        ArtifactExporter.Export(artifact, folder.File("dense.safetensors"), null);

        ArtifactExporter.Export(artifact, folder.File("dense"), ExportFormat.Npy);

        var expected = new FormatSpecReader(folder.File("dense.safetensors"));
        using JsonDocument index = JsonDocument.Parse(File.ReadAllText(folder.File(Path.Combine("dense", "index.json"))));
        Dictionary<string, string> files = index.RootElement.GetProperty("tensors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(expected.Tensors.Keys.Order(StringComparer.Ordinal), files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(expected.Metadata["groupreduce.exported_from"], index.RootElement.GetProperty("metadata").GetProperty("groupreduce.exported_from").GetString());
        Assert.Equal(files.Count + 1, Directory.GetFiles(folder.File("dense")).Length);
        foreach ((string tensor, string file) in files)
        {
            using ModelFile array = ModelFileReader.Open(folder.File(Path.Combine("dense", file)));
            ModelTensor values = Assert.Single(array.Tensors);
            var bytes = new MemoryStream();
            values.CopyRawTo(bytes, CancellationToken.None);
            FormatSpecReader.Tensor stored = expected.Tensors[tensor];
            Assert.Equal(stored.Shape, values.Shape);
            if (stored.DType == "BF16")
            {
                // NumPy has no bfloat16: the values are widened, exactly, to float32.
                Assert.Equal(TensorDType.F32, values.DType);
                byte[] half = expected.Bytes(tensor);
                Assert.Equal(Enumerable.Range(0, half.Length / 2).SelectMany(i => new byte[] { 0, 0, half[2 * i], half[(2 * i) + 1] }), bytes.ToArray());
            }
            else
            {
                Assert.Equal(stored.DType, SafetensorsDType.FromTensorDType(values.DType));
                Assert.Equal(expected.Bytes(tensor), bytes.ToArray());
            }
        }
    }

    [Fact]
    public void An_npy_export_replaces_an_earlier_one_but_not_a_folder_of_other_files()
    {
        using var folder = new TempFolder();
        string artifact = ExportCases.Compress(folder, "float");
        Directory.CreateDirectory(folder.File("mine"));
        File.WriteAllText(folder.File(Path.Combine("mine", "notes.txt")), "mine");
        ArtifactExporter.Export(artifact, folder.File("dense"), ExportFormat.Npy);
        File.WriteAllText(folder.File(Path.Combine("dense", "stale.npy")), "old");

        ArtifactExporter.Export(artifact, folder.File("dense"), ExportFormat.Npy);
        var error = Assert.Throws<GroupReduceException>(() => ArtifactExporter.Export(artifact, folder.File("mine"), ExportFormat.Npy));

        Assert.False(File.Exists(folder.File(Path.Combine("dense", "stale.npy"))));
        Assert.Equal(ModelErrorCodes.ExportOutputInvalid, error.Code);
        Assert.Contains("mine", error.Message, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(folder.File("mine")).Select(Path.GetFileName));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(folder.Path), e => Path.GetFileName(e).EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Npy_file_names_replace_what_file_systems_refuse_and_never_collide()
    {
        var names = new NpyFileNames();

        Assert.Equal("encoder.weight.npy", names.For("encoder.weight"));
        Assert.Equal("a_b_c_d.npy", names.For("a/b\\c:d"));
        Assert.Equal("_hidden.npy", names.For(".hidden"));
        Assert.Equal("_CON.weight.npy", names.For("CON.weight"));
        Assert.Equal("w_ight.npy", names.For("wéight"));
        Assert.Equal("w_ight-2.npy", names.For("w?ight"));
        Assert.Equal("ENCODER.WEIGHT-2.npy", names.For("ENCODER.WEIGHT"));
        Assert.Equal("_.npy", names.For(string.Empty));
        Assert.Equal(new string('x', 200) + ".npy", names.For(new string('x', 300)));
    }

    [Theory]
    [InlineData("dense.safetensors", ExportFormat.Safetensors)]
    [InlineData("DENSE.SAFETENSORS", ExportFormat.Safetensors)]
    [InlineData("model.onnx", ExportFormat.Onnx)]
    [InlineData("model.Q4_K.GGUF", ExportFormat.Gguf)]
    public void The_format_follows_the_outputs_extension(string output, ExportFormat format) =>
        Assert.Equal(format, ArtifactExporter.FormatFor(output));

    [Fact]
    public void An_output_whose_extension_names_no_format_is_GR2070_asking_for_format()
    {
        using var folder = new TempFolder();
        string artifact = ExportCases.Compress(folder, "float");

        var error = Assert.Throws<GroupReduceException>(() => ArtifactExporter.Export(artifact, folder.File("dense.bin"), null));

        Assert.Equal(ModelErrorCodes.ExportFormatUnknown, error.Code);
        Assert.Contains("dense.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("--format", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("dense.bin")));
    }

    [Fact]
    public void Exporting_onto_the_artifact_itself_is_refused()
    {
        using var folder = new TempFolder();
        string artifact = ExportCases.Compress(folder, "float");
        byte[] before = File.ReadAllBytes(artifact);

        var error = Assert.Throws<GroupReduceException>(() => ArtifactExporter.Export(artifact, artifact, ExportFormat.Safetensors));

        Assert.Equal(ModelErrorCodes.ExportOutputInvalid, error.Code);
        Assert.Equal(before, File.ReadAllBytes(artifact));
    }

    [Theory]
    [InlineData("dense.safetensors")]
    [InlineData("dense.onnx")]
    public void A_model_that_is_not_an_artifact_is_GR2041_and_nothing_is_written(string output)
    {
        using var folder = new TempFolder();
        ExportCases.Compress(folder, "float");
        string[] before = Directory.GetFileSystemEntries(folder.Path);

        var error = Assert.Throws<GroupReduceException>(() => ArtifactExporter.Export(folder.File("lm.safetensors"), folder.File(output), null));

        Assert.Equal("GR2041", error.Code);
        Assert.Contains("lm.safetensors", error.Message, StringComparison.Ordinal);
        Assert.Contains("compress", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(folder.Path));
    }

    [Theory]
    [InlineData(ExportFormat.Safetensors, "dense.safetensors")]
    [InlineData(ExportFormat.Onnx, "dense.onnx")]
    [InlineData(ExportFormat.Npy, "dense")]
    public void A_truncated_artifact_is_its_GR_error_naming_the_file_and_leaves_no_output(ExportFormat format, string output)
    {
        using var folder = new TempFolder();
        string artifact = ExportCases.Compress(folder, "int4");
        byte[] bytes = File.ReadAllBytes(artifact);
        File.WriteAllBytes(folder.File("cut.gr.safetensors"), bytes[..(bytes.Length - 100)]);
        string[] before = Directory.GetFileSystemEntries(folder.Path);

        var error = Assert.Throws<GroupReduceException>(() => ArtifactExporter.Export(folder.File("cut.gr.safetensors"), folder.File(output), format));

        Assert.StartsWith("GR20", error.Code, StringComparison.Ordinal);
        Assert.Contains("cut.gr.safetensors", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void A_cancelled_export_leaves_no_output()
    {
        using var folder = new TempFolder();
        string artifact = ExportCases.Compress(folder, "float");
        string[] before = Directory.GetFileSystemEntries(folder.Path);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ArtifactExporter.Export(artifact, folder.File("dense.onnx"), null, 1, cancelled.Token));

        Assert.Equal(before, Directory.GetFileSystemEntries(folder.Path));
    }
}
