using System.Text;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Runtime.Tests;

/// <summary>A damaged, foreign or future file is refused on open with a code and a message naming the file and the place.</summary>
public sealed class DamagedArtifactTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly byte[] _artifact;

    public DamagedArtifactTests()
    {
        SyntheticModel.Create(rows: 200, columns: 8).Write(_folder);
        Runs.Compress(_folder, Runs.BasicSpec + "quantizer: int8\n");
        _artifact = File.ReadAllBytes(_folder.File("out.gr.safetensors"));
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_truncated_file_is_refused()
    {
        AssertRefused(_artifact[..(_artifact.Length - 10)], "GR2040", "data_offsets");
        AssertRefused(_artifact[..12], "GR2040", "too short");
        AssertRefused(_artifact[..200], "GR2040", "header length");
    }

    [Fact]
    public void A_plain_model_file_is_not_an_artifact()
    {
        AssertRefused(File.ReadAllBytes(_folder.File("lm.safetensors")), "GR2041", "not a GroupReduce artifact", "groupreduce compress");
    }

    [Fact]
    public void A_future_format_version_is_refused_with_the_version()
    {
        AssertRefused(Replace("\"groupreduce.format_version\":\"1\"", "\"groupreduce.format_version\":\"7\""), "GR2042", "'7'", "reads version 1");
    }

    [Fact]
    public void A_tensor_the_manifest_names_but_the_file_lacks_is_named()
    {
        AssertRefused(Replace("\"groupreduce.p0.map\":{", "\"groupreduce.p0.maq\":{"), "GR2040", "groupreduce.p0.map", "no such tensor");
    }

    [Fact]
    public void A_tensor_whose_shape_disagrees_with_its_bytes_is_refused()
    {
        string header = Header();
        int at = header.IndexOf("\"groupreduce.p0.map\":{", StringComparison.Ordinal);
        int shape = header.IndexOf("\"shape\":[200]", at, StringComparison.Ordinal);
        Assert.True(shape > 0);
        AssertRefused(ReplaceAt(shape, "\"shape\":[200]", "\"shape\":[201]"), "GR2040", "groupreduce.p0.map");
    }

    [Fact]
    public void A_group_map_pointing_past_the_groups_is_refused()
    {
        byte[] bytes = (byte[])_artifact.Clone();
        string header = Header();
        int at = header.IndexOf("\"groupreduce.p0.map\":{", StringComparison.Ordinal);
        int offsets = header.IndexOf("\"data_offsets\":[", at, StringComparison.Ordinal) + "\"data_offsets\":[".Length;
        long begin = long.Parse(header[offsets..header.IndexOf(',', offsets)], System.Globalization.CultureInfo.InvariantCulture);
        bytes[8 + Encoding.UTF8.GetByteCount(header) + begin + 5] = 200;

        AssertRefused(bytes, "GR2040", "row 5", "group 200");
    }

    private string Header()
    {
        long length = BitConverter.ToInt64(_artifact, 0);
        return Encoding.UTF8.GetString(_artifact, 8, (int)length);
    }

    private byte[] Replace(string from, string to) => ReplaceAt(Header().IndexOf(from, StringComparison.Ordinal), from, to);

    private byte[] ReplaceAt(int index, string from, string to)
    {
        Assert.True(index >= 0, $"'{from}' is not in the header");
        Assert.Equal(from.Length, to.Length);
        byte[] bytes = (byte[])_artifact.Clone();
        Encoding.UTF8.GetBytes(to).CopyTo(bytes, 8 + Encoding.UTF8.GetByteCount(Header()[..index]));
        return bytes;
    }

    private void AssertRefused(byte[] bytes, string code, params string[] mentions)
    {
        string path = _folder.File($"damaged-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, bytes);
        ArtifactFormatException error = Assert.Throws<ArtifactFormatException>(() => CompressedModel.Open(path).Dispose());
        Assert.Equal(code, error.Code);
        Assert.Equal(path, error.Path);
        Assert.Contains(Path.GetFileName(path), error.Message, StringComparison.Ordinal);
        foreach (string mention in mentions)
        {
            Assert.Contains(mention, error.Message, StringComparison.Ordinal);
        }
    }
}
