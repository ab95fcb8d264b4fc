using System.Text.Json.Nodes;
using GroupReduce.Abstractions;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Models;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Artifacts;

/// <summary>
/// Manifests with missing or null fields, read by the engine (inspect, eval): a GR2040 naming the field, never a
/// NullReferenceException later in whatever prints or checks the manifest.
/// </summary>
public sealed class ArtifactReaderHostileTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly byte[] _artifact;

    public ArtifactReaderHostileTests()
    {
        SyntheticModel.Create(rows: 120, columns: 8).Write(_folder);
        Runs.Compress(_folder, Runs.BasicSpec + "quantizer: int8\n");
        _artifact = File.ReadAllBytes(_folder.File("out.gr.safetensors"));
    }

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string> NullFields => new()
    {
        { """{"tool": null}""", "'tool'" },
        { """{"tool": {"name": null}}""", "'tool.name'" },
        { """{"plugins": [null]}""", "'plugins[0]'" },
        { """{"plugins": [{"kind": "solver"}]}""", "'plugins[0].name'" },
        { """{"input": {"file": "lm.bin"}}""", "'input.format'" },
        { """{"method": null}""", "'method'" },
        { """{"partitions": [{"name": "p0", "rows": 1, "groups": 1}]}""", "'partitions[0].map'" },
        { """{"matrices": [null]}""", "'matrices[0]'" },
        { """{"matrices": [{"tensor": "t", "rows": 1, "columns": 1, "original_dtype": "F32", "storage": "groups", "groups": []}]}""", "'matrices[0].tied'" },
        { """{"matrices": [{"tensor": "t", "tied": [null], "rows": 1, "columns": 1, "original_dtype": "F32", "storage": "groups", "groups": []}]}""", "'matrices[0].tied[0]'" },
        { """{"matrices": [{"tensor": "t", "tied": [], "rows": 1, "columns": 1, "original_dtype": "F32", "storage": "groups", "groups": [{"index": 0, "rows": 1, "rank": 1, "u": [null]}]}]}""", "'matrices[0].groups[0].kind'" },
        { """{"matrices": [{"tensor": "t", "tied": [], "rows": 1, "columns": 1, "original_dtype": "F32", "storage": "groups", "groups": [{"index": 0, "rows": 1, "kind": "lowrank", "rank": 1, "u": [null]}]}]}""", "'matrices[0].groups[0].u[0]'" },
        { """{"matrices": [{"tensor": "t", "tied": [], "rows": 1, "columns": 1, "original_dtype": "F32", "storage": "groups", "groups": [{"index": 0, "rows": 1, "kind": "lowrank", "rank": 1, "u": [{"first_row": 0, "rows": 1, "columns": 1, "scheme": "f32", "bits": 32, "block": 0}]}]}]}""", "'matrices[0].groups[0].u[0].data'" },
        { """{"matrices": [{"tensor": "t", "tied": [], "rows": 1, "columns": 1, "original_dtype": "F32", "storage": "sparse", "groups": [], "sparse": {"entries": 1}}]}""", "'matrices[0].sparse.row_start'" },
        { """{"vocabulary": {"tokens": 1}}""", "'vocabulary.offsets'" },
        { """{"raw_tensors": [{"tensor": "t", "ggml_type": "Q4_K"}]}""", "'raw_tensors[0].shape'" },
    };

    [Theory]
    [MemberData(nameof(NullFields))]
    public void A_missing_or_null_field_is_a_gr2040_naming_it(string patch, string field)
    {
        GroupReduceException error = Patched(patch);

        Assert.Equal("GR2040", error.Code);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Contains("missing or null", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"matrices": "all of them"}""", "matrices")]
    [InlineData("""{"original_bytes": "many"}""", "original_bytes")]
    [InlineData("""{"format_version": 1.5}""", "format_version")]
    public void A_wrong_typed_field_is_a_gr2040_naming_it(string patch, string field)
    {
        GroupReduceException error = Patched(patch);

        Assert.Equal("GR2040", error.Code);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unpaired_surrogate_escape_in_a_manifest_string_is_a_gr2040()
    {
        string path = WriteWithManifest(manifest => manifest["method"] = "PLACEHOLDER", text => text.Replace("PLACEHOLDER", "\\\\uDD00", StringComparison.Ordinal));
        using ModelFile file = ModelFileReader.Open(path);

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => ArtifactReader.TryRead(file));

        Assert.Equal("GR2040", error.Code);
    }

    [Fact]
    public void A_missing_required_member_is_named()
    {
        string path = WriteWithManifest(manifest => manifest.Remove("matrices"));
        using ModelFile file = ModelFileReader.Open(path);

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => ArtifactReader.TryRead(file));

        Assert.Equal("GR2040", error.Code);
        Assert.Contains("matrices", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_reports_a_manifest_that_lies_about_its_tensors_as_problems()
    {
        string path = WriteWithManifest(manifest => manifest["partitions"]![0]!["map"] = "elsewhere");
        using ModelFile file = ModelFileReader.Open(path);
        (ArtifactManifest manifest, _) = ArtifactReader.TryRead(file)!.Value;

        IReadOnlyList<string> problems = ArtifactReader.Validate(file, manifest);

        Assert.Contains(problems, p => p.Contains("'elsewhere' is missing", StringComparison.Ordinal));
    }

    private string WriteWithManifest(Action<JsonObject> edit, Func<string, string>? headerText = null) =>
        EditedArtifact.Write(_folder, _artifact, edit, headerText);

    // Sets the patch's top-level keys in the manifest, then reads it: the error the reader gives.
    private GroupReduceException Patched(string patch)
    {
        string path = WriteWithManifest(manifest =>
        {
            foreach ((string key, JsonNode? value) in JsonNode.Parse(patch)!.AsObject())
            {
                manifest[key] = value?.DeepClone();
            }
        });
        using ModelFile file = ModelFileReader.Open(path);
        return Assert.Throws<GroupReduceException>(() => ArtifactReader.TryRead(file));
    }
}
