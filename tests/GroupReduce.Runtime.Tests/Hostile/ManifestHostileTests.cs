using System.Diagnostics;
using System.Text.Json.Nodes;
using GroupReduce.Runtime.Format;
using GroupReduce.Testing;

namespace GroupReduce.Runtime.Tests.Hostile;

/// <summary>
/// Manifests that lie about a valid artifact's tensors: every one is a GR2040 naming the field, refused before any
/// buffer is sized from the lie, in milliseconds.
/// </summary>
public sealed class ManifestHostileTests(SmallArtifact artifact) : IClassFixture<SmallArtifact>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> RequiredFields => new()
    {
        "partitions", "matrices", "method", "original_bytes", "compressed_bytes",
        "partitions[0].name", "partitions[0].rows", "partitions[0].groups", "partitions[0].map",
        "matrices[0].tensor", "matrices[0].rows", "matrices[0].columns", "matrices[0].storage", "matrices[0].groups",
        "matrices[0].groups[L].index", "matrices[0].groups[L].rows", "matrices[0].groups[L].kind", "matrices[0].groups[L].rank",
        "matrices[0].groups[L].u", "matrices[0].groups[L].v",
        "matrices[0].groups[L].u[0].first_row", "matrices[0].groups[L].u[0].rows", "matrices[0].groups[L].u[0].columns",
        "matrices[0].groups[L].u[0].scheme", "matrices[0].groups[L].u[0].bits", "matrices[0].groups[L].u[0].data",
        "matrices[0].groups[L].u[0].scales",
    };

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void A_missing_null_or_wrong_typed_field_is_named(string field)
    {
        var bytes = ArtifactBytes.Parse(artifact.Grouped);
        string path = ManifestPath.Concrete(bytes.Manifest, field);
        JsonNode? original = ManifestPath.Get(bytes.Manifest, field);
        JsonNode wrong = original is JsonValue value && value.TryGetValue(out string? _) ? JsonValue.Create(5) : JsonValue.Create("five");

        HostileUse.Refused(_folder.Path, bytes.WithManifest(m => ManifestPath.Remove(m, field)), "GR2040", $"'{path}' is missing");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, field, null)), "GR2040", $"'{path}' is null");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, field, wrong)), "GR2040", $"'{path}' is ");
    }

    [Fact]
    public void A_billion_rows_without_a_partition_are_refused_before_anything_is_sized_from_them()
    {
        var bytes = ArtifactBytes.Parse(artifact.Grouped);
        string group = ManifestPath.Concrete(bytes.Manifest, "matrices[0].groups[L]");
        byte[] hostile = bytes.WithManifest(m =>
        {
            ManifestPath.Remove(m, "matrices[0].partition");
            ManifestPath.Set(m, "matrices[0].rows", 1_000_000_000);
            ManifestPath.Set(m, "matrices[0].groups", new JsonArray(ManifestPath.Get(m, "matrices[0].groups[L]")!.DeepClone()));
            ManifestPath.Set(m, "matrices[0].groups[0].index", 0);
            ManifestPath.Set(m, "matrices[0].groups[0].rows", 1_000_000_000);
        });
        var clock = Stopwatch.StartNew();

        HostileUse.Refused(_folder.Path, hostile, "GR2040", "u: the parts cover", "the block has 1000000000");

        Assert.True(clock.ElapsedMilliseconds < 2000, $"{clock.ElapsedMilliseconds} ms");
        Assert.NotEmpty(group);
    }

    [Fact]
    public void A_billion_rows_with_a_partition_are_refused_by_the_map()
    {
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "matrices[0].rows", 1_000_000_000)), "GR2040", "'matrices[0].partition'", "1000000000");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "partitions[0].rows", 1_000_000_000)), "GR2040", "groupreduce.p0.map", "1000000000 rows");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "matrices[0].rows", 1e20)), "GR2040", "'matrices[0].rows' is 1E+20");
    }

    [Fact]
    public void A_huge_rank_is_checked_against_the_factor_tensors()
    {
        // 2^30 + 2 float32 columns wrap to 8 bytes in 32-bit arithmetic: the tensor's shape is what decides.
        const int rank = (1 << 30) + 2;
        byte[] hostile = ArtifactBytes.Parse(artifact.Grouped).WithManifest(m =>
        {
            ManifestPath.Set(m, "matrices[0].groups[L].rank", rank);
            foreach (JsonNode? part in ManifestPath.Get(m, "matrices[0].groups[L].u")!.AsArray().Concat(ManifestPath.Get(m, "matrices[0].groups[L].v")!.AsArray()))
            {
                part!["columns"] = rank;
            }
        });

        HostileUse.Refused(_folder.Path, hostile, "GR2040", $"the part needs [");
    }

    [Fact]
    public void A_tensor_named_twice_is_refused()
    {
        byte[] hostile = ArtifactBytes.Parse(artifact.Grouped).WithManifest(m =>
        {
            JsonNode copy = ManifestPath.Get(m, "partitions[0]")!.DeepClone();
            copy["name"] = "p9";
            m["partitions"]!.AsArray().Add(copy);
        });

        HostileUse.Refused(_folder.Path, hostile, "GR2040", "names tensor 'groupreduce.p0.map' twice");
    }

    [Fact]
    public void Groups_that_leave_rows_uncovered_or_overlap_are_refused()
    {
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => m["matrices"]![0]!["groups"]!.AsArray().RemoveAt(5)), "GR2040", "in group 5, but the matrix lists 5 groups");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "matrices[0].groups[L].u[0].first_row", 1)), "GR2040", "starts at row 1");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "matrices[0].groups[L].index", 9)), "GR2040", "index order");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "matrices[0].groups[L].rows", 3)), "GR2040", "but the map assigns");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "matrices[0].groups[L].kind", GroupKinds.Empty)), "GR2040", $"is '{GroupKinds.Empty}', but the map assigns");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "matrices[0].groups", new JsonArray())), "GR2040", "'matrices[0].groups' is empty");
    }

    [Fact]
    public void References_to_missing_or_mistyped_tensors_and_partitions_are_named()
    {
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "matrices[0].partition", "p7")), "GR2040", "'matrices[0].partition' is 'p7'");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "matrices[0].storage", "zip")), "GR2040", "'matrices[0].storage' is 'zip'");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "matrices[0].groups[L].u[0].data", "nope")), "GR2040", "'nope'", "no such tensor");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "matrices[0].groups[L].u[0].data", "groupreduce.p0.map")), "GR2040", "'groupreduce.p0.map'", "expected I8");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "matrices[0].groups[L].u[0].bits", 4)), "GR2040", "expected U8");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "matrices[0].groups[L].u[0].bits", 99)), "GR2040", "99, which is not valid");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "partitions[0].groups", 2)), "GR2040", "partition 'p0' has 2 groups");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "partitions[0].groups", 70000)), "GR2040", "'partitions[0].groups' is 70000");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => m["matrices"]![1]!["tensor"] = m["matrices"]![0]!["tensor"]!.DeepClone()), "GR2040", "already lists");
    }

    [Fact]
    public void A_manifest_that_is_not_json_or_not_an_object_is_refused()
    {
        var bytes = ArtifactBytes.Parse(artifact.Grouped);
        HostileUse.Refused(_folder.Path, bytes.WithHeader(h => h["__metadata__"]![MetadataKeys.Manifest] = "{\"partitions\":"), "GR2040", "not valid JSON");
        HostileUse.Refused(_folder.Path, bytes.WithHeader(h => h["__metadata__"]![MetadataKeys.Manifest] = "[1, 2]"), "GR2040", "the manifest is an array; expected an object");
    }

    [Fact]
    public void An_unpaired_surrogate_escape_in_a_manifest_string_is_named()
    {
        var bytes = ArtifactBytes.Parse(artifact.Grouped);
        string manifest = bytes.Manifest.ToJsonString().Replace("\"method\":\"groupreduce\"", "\"method\":\"\\uDD00\"", StringComparison.Ordinal);
        Assert.Contains("uDD00", manifest, StringComparison.Ordinal);

        HostileUse.Refused(_folder.Path, bytes.WithHeader(h => h["__metadata__"]![MetadataKeys.Manifest] = manifest), "GR2040", "'method' is not valid text");
    }

    [Fact]
    public void Sparse_tensors_that_disagree_with_the_matrix_are_refused()
    {
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Pruned).WithManifest(m => ManifestPath.Set(m, "matrices[0].rows", 199)), "GR2040", "sparse tensors", "199 rows");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Pruned).WithManifest(m => ManifestPath.Set(m, "matrices[0].sparse.entries", 1)), "GR2040", "sparse tensors");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Pruned).WithManifest(m => ManifestPath.Set(m, "matrices[0].columns", 2)), "GR2040", "it has 2 columns");
        HostileUse.Refused(_folder.Path, ArtifactBytes.Parse(artifact.Pruned).WithManifest(m => ManifestPath.Remove(m, "matrices[0].sparse")), "GR2040", "'matrices[0].sparse' is missing");
    }

    [Fact]
    public void An_artifact_without_a_usual_softmax_name_is_a_typed_error_listing_the_names_looked_for()
    {
        string path = HostileUse.Write(_folder.Path, ArtifactBytes.Parse(artifact.Grouped).WithManifest(m =>
        {
            m["matrices"]![0]!["tensor"] = "first.weight";
            m["matrices"]![1]!["tensor"] = "second.weight";
        }));
        using CompressedModel model = CompressedModel.Open(path);

        ArtifactFormatException error = Assert.Throws<ArtifactFormatException>(() => model.Head());

        Assert.Equal("GR2043", error.Code);
        foreach (string name in new[] { "'softmax.weight'", "'lm_head.weight'", "'decoder.weight'", "'output.weight'", "'first.weight'", "'second.weight'", "Head(softmax:" })
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal("second.weight", model.Head(softmax: "second.weight").Softmax.Name);
    }
}
