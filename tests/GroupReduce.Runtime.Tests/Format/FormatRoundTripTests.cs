using System.Text.Json.Nodes;
using GroupReduce.Runtime.Format;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Runtime.Tests.Format;

/// <summary>
/// The engine's writer and the runtime's reader agree through the one definition of the format in
/// <c>GroupReduce.Runtime.Format</c>: the keys, the version, the kinds, the schemes and the tensor names the writer uses
/// are those the definitions give, and the reader loads what was written with them.
/// </summary>
public sealed class FormatRoundTripTests : IDisposable
{
    private static readonly string[] Configurations =
    [
        "quantizer: float",
        "quantizer: { name: float, options: { dtype: f16 } }",
        "quantizer: { name: float, options: { dtype: bf16 } }",
        "quantizer: int8",
        "quantizer: int4",
        "quantizer: { name: codebook, options: { bits: 3 } }",
        "method: prune\nquantizer: float",
    ];

    private readonly TempFolder _folder = new();

    public FormatRoundTripTests() => SyntheticModel.Create(rows: 120, columns: 8).Write(_folder);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Written_artifacts_carry_the_version_and_keys_the_runtime_defines()
    {
        using CompressedModel model = Compress("quantizer: int8", "keys.gr.safetensors");

        Assert.Equal(ArtifactFormat.Version, CompressedModel.FormatVersion);
        Assert.Equal(ArtifactFormat.VersionText, model.Metadata[MetadataKeys.FormatVersion]);
        Assert.Contains("quantizer: int8", model.Metadata[MetadataKeys.Spec], StringComparison.Ordinal);
        Assert.Equal(ArtifactFormat.Version, (int)JsonNode.Parse(model.Metadata[MetadataKeys.Manifest])!["format_version"]!);
        Assert.True(MetadataKeys.IsArtifactKey(MetadataKeys.Manifest) && MetadataKeys.IsArtifactKey(MetadataKeys.Spec) && MetadataKeys.IsArtifactKey(MetadataKeys.FormatVersion));
        Assert.False(MetadataKeys.IsArtifactKey("format"));
    }

    [Fact]
    public void Every_kind_scheme_and_tensor_name_the_writer_uses_comes_from_the_definitions_and_reads_back()
    {
        var storages = new HashSet<string>();
        var kinds = new HashSet<string>();
        var schemes = new HashSet<string>();
        for (int c = 0; c < Configurations.Length; c++)
        {
            using CompressedModel model = Compress(Configurations[c], $"c{c}.gr.safetensors");
            JsonObject manifest = JsonNode.Parse(model.Metadata[MetadataKeys.Manifest])!.AsObject();
            foreach (JsonNode? partition in manifest["partitions"]!.AsArray())
            {
                Assert.Equal(TensorNames.PartitionMap((string)partition!["name"]!), (string)partition["map"]!);
            }

            foreach (JsonNode? matrixJson in manifest["matrices"]!.AsArray())
            {
                string name = (string)matrixJson!["tensor"]!;
                string storage = (string)matrixJson["storage"]!;
                storages.Add(storage);
                CompressedMatrix matrix = model.GetMatrix(name);
                if (storage == StorageKinds.Sparse)
                {
                    Assert.True(matrix.IsSparse);
                    Assert.Equal(TensorNames.SparseRowStart(name), (string)matrixJson["sparse"]!["row_start"]!);
                    Assert.Equal(TensorNames.SparseColumns(name), (string)matrixJson["sparse"]!["column_indices"]!);
                    Assert.Equal(TensorNames.SparseValues(name), (string)matrixJson["sparse"]!["values"]!);
                    continue;
                }

                Assert.Equal(StorageKinds.Groups, storage);
                JsonArray groups = matrixJson["groups"]!.AsArray();
                Assert.Equal(groups.Count, matrix.GroupCount);
                for (int g = 0; g < groups.Count; g++)
                {
                    string kind = (string)groups[g]!["kind"]!;
                    kinds.Add(kind);
                    int expectedRank = kind switch
                    {
                        GroupKinds.LowRank => (int)groups[g]!["rank"]!,
                        GroupKinds.Dense => matrix.Columns,
                        GroupKinds.Empty => 0,
                        _ => throw new Xunit.Sdk.XunitException($"kind '{kind}' is none of GroupKinds"),
                    };
                    Assert.Equal(expectedRank, matrix.GroupRank(g));
                    foreach ((string block, string blockName) in new[] { ("u", TensorNames.UBlock(name, g)), ("v", TensorNames.VBlock(name, g)), ("dense", TensorNames.DenseBlock(name, g)) })
                    {
                        JsonArray parts = groups[g]![block]?.AsArray() ?? [];
                        for (int k = 0; k < parts.Count; k++)
                        {
                            string scheme = (string)parts[k]!["scheme"]!;
                            schemes.Add(scheme);
                            string data = (string)parts[k]!["data"]!;
                            Assert.Equal(TensorNames.Part(blockName, k), data);
                            Assert.Equal(scheme == PartSchemes.Integer ? TensorNames.Scales(data) : null, (string?)parts[k]!["scales"]);
                            Assert.Equal(scheme == PartSchemes.Codebook ? TensorNames.Codebook(data) : null, (string?)parts[k]!["codebook"]);
                        }
                    }
                }
            }
        }

        Assert.Equal([StorageKinds.Groups, StorageKinds.Sparse], storages.Order(StringComparer.Ordinal));
        Assert.Contains(GroupKinds.LowRank, kinds);
        Assert.Equal([PartSchemes.BFloat16, PartSchemes.Codebook, PartSchemes.Float16, PartSchemes.Float32, PartSchemes.Integer], schemes.Order(StringComparer.Ordinal));
    }

    private CompressedModel Compress(string configuration, string output)
    {
        Runs.Compress(_folder, Runs.BasicSpec + configuration + "\n", output: output);
        return CompressedModel.Open(_folder.File(output));
    }
}
