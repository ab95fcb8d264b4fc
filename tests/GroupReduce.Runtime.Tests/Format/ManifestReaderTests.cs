using GroupReduce.Runtime.Format;
using GroupReduce.Runtime.Tests.Hostile;
using GroupReduce.Testing;

namespace GroupReduce.Runtime.Tests.Format;

/// <summary>
/// The manifest reader refuses what the format's definitions do not allow with the runtime's existing codes (GR2041 no
/// manifest, GR2042 another version, GR2040 a value outside the defined kinds), and its messages list the defined values.
/// </summary>
public sealed class ManifestReaderTests(SmallArtifact artifact) : IClassFixture<SmallArtifact>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void An_artifact_without_the_manifest_key_is_not_an_artifact()
    {
        byte[] bytes = ArtifactBytes.Parse(artifact.Grouped).WithHeader(h => h["__metadata__"]!.AsObject().Remove(MetadataKeys.Manifest));

        HostileUse.Refused(_folder.Path, bytes, "GR2041", $"'{MetadataKeys.Manifest}'");
    }

    [Fact]
    public void A_missing_or_other_format_version_is_refused_with_the_version_this_library_reads()
    {
        string next = (ArtifactFormat.Version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        byte[] missing = ArtifactBytes.Parse(artifact.Grouped).WithHeader(h => h["__metadata__"]!.AsObject().Remove(MetadataKeys.FormatVersion));
        byte[] newer = ArtifactBytes.Parse(artifact.Grouped).WithHeader(h => h["__metadata__"]![MetadataKeys.FormatVersion] = next);

        HostileUse.Refused(_folder.Path, missing, "GR2042", "format version (none)", $"reads version {ArtifactFormat.VersionText}");
        HostileUse.Refused(_folder.Path, newer, "GR2042", $"'{next}'", $"reads version {ArtifactFormat.VersionText}");
    }

    [Fact]
    public void A_storage_group_kind_or_part_scheme_outside_the_definitions_is_corrupt_and_the_defined_ones_are_listed()
    {
        byte[] storage = ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "matrices[0].storage", "tiles"));
        byte[] kind = ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "matrices[0].groups[L].kind", "LowRank"));
        byte[] scheme = ArtifactBytes.Parse(artifact.Grouped).WithManifest(m => ManifestPath.Set(m, "matrices[0].groups[L].u[0].scheme", "int3"));

        HostileUse.Refused(_folder.Path, storage, "GR2040", "'matrices[0].storage'", $"expected {StorageKinds.Groups} or {StorageKinds.Sparse}");
        HostileUse.Refused(_folder.Path, kind, "GR2040", "'LowRank'", $"expected {GroupKinds.Empty}, {GroupKinds.Dense} or {GroupKinds.LowRank}");
        HostileUse.Refused(_folder.Path, scheme, "GR2040", "'int3'", $"expected {PartSchemes.Float32}, {PartSchemes.Float16}, {PartSchemes.BFloat16}, {PartSchemes.Integer} or {PartSchemes.Codebook}");
    }
}
