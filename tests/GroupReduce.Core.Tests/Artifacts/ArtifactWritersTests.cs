using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Artifacts.Onnx;
using GroupReduce.Core.Models;
using GroupReduce.Runtime.Format;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Artifacts;

/// <summary>The output writer is chosen by the input's format, and what it writes is the format the runtime defines.</summary>
public sealed class ArtifactWritersTests
{
    public static TheoryData<ModelFormat> InputFormats => new(Enum.GetValues<ModelFormat>());

    [Theory]
    [MemberData(nameof(InputFormats))]
    public void Every_input_format_is_written_as_the_safetensors_artifact_unless_the_output_is_an_onnx_file(ModelFormat input)
    {
        Assert.Same(ArtifactWriter.Safetensors, ArtifactWriters.For(input, "lm.gr.safetensors"));
        Assert.Same(OnnxArtifactWriter.Instance, ArtifactWriters.For(input, "out/lm.gr.ONNX"));
    }

    [Fact]
    public void An_input_format_without_a_decision_has_no_writer()
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => ArtifactWriters.For((ModelFormat)999, "lm.gr.safetensors"));

        Assert.Contains("ArtifactWriters.For", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_engine_writes_through_the_chosen_writer_in_the_runtime_defined_format()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 120, columns: 8).Write(folder);
        Runs.Compress(folder, Runs.BasicSpec + "quantizer: int8\n");

        using ModelFile artifact = ModelFileReader.Open(folder.File("out.gr.safetensors"));
        (ArtifactManifest manifest, string spec) = ArtifactReader.TryRead(artifact)!.Value;

        Assert.Equal(ArtifactFormat.VersionText, artifact.Metadata[MetadataKeys.FormatVersion]);
        Assert.Equal(ArtifactFormat.Version, manifest.FormatVersion);
        Assert.Equal(artifact.Metadata[MetadataKeys.Spec], spec);
        Assert.NotEmpty(manifest.Partitions);
        Assert.All(manifest.Partitions, p => Assert.Equal(TensorNames.PartitionMap(p.Name), p.Map));
        foreach (ManifestMatrix matrix in manifest.Matrices)
        {
            Assert.Equal(StorageKinds.Groups, matrix.Storage);
            foreach (ManifestGroup group in matrix.Groups.Where(g => g.Kind == GroupKinds.LowRank))
            {
                for (int k = 0; k < group.U!.Count; k++)
                {
                    ManifestPart u = group.U[k];
                    Assert.Equal(TensorNames.Part(TensorNames.UBlock(matrix.Tensor, group.Index), k), u.Data);
                    Assert.Equal(TensorNames.Scales(u.Data), u.Scales);
                    Assert.Equal(PartSchemes.Integer, u.Scheme);
                    Assert.NotNull(artifact.FindTensor(u.Data));
                }
            }
        }

        Assert.Contains(manifest.Matrices.SelectMany(m => m.Groups), g => g.Kind == GroupKinds.LowRank);
        Assert.Empty(ArtifactReader.Validate(artifact, manifest));
    }
}
