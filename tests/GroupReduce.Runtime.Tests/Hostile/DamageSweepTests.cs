using GroupReduce.Testing;

namespace GroupReduce.Runtime.Tests.Hostile;

/// <summary>
/// Every truncation of a small valid artifact, and a few hundred single-byte corruptions from a fixed seed: open +
/// Head() + one Logits call either succeed or throw <see cref="ArtifactFormatException"/> with a GR code, and never
/// allocate more than max(64 MB, 4 x the file's size).
/// </summary>
public sealed class DamageSweepTests(SmallArtifact artifact) : IClassFixture<SmallArtifact>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_valid_artifacts_open_and_answer()
    {
        Assert.Null(HostileUse.Use(HostileUse.Write(_folder.Path, artifact.Grouped)));
        Assert.Null(HostileUse.Use(HostileUse.Write(_folder.Path, artifact.Pruned)));
        Assert.Null(HostileUse.Use(HostileUse.Write(_folder.Path, artifact.Tiny)));
    }

    [Fact]
    public void Every_truncation_is_refused_with_a_code()
    {
        string path = _folder.File("truncated.gr.safetensors");
        var refusedBy = new Dictionary<string, int>();
        for (int length = 0; length < artifact.Tiny.Length; length++)
        {
            File.WriteAllBytes(path, artifact.Tiny[..length]);
            ArtifactFormatException? error = HostileUse.Use(path);
            Assert.True(error is not null, $"the first {length} bytes were accepted");
            refusedBy[error.Code] = refusedBy.GetValueOrDefault(error.Code) + 1;
        }

        Assert.Equal(["GR2040"], refusedBy.Keys);
    }

    [Theory]
    [InlineData(false, 11)]
    [InlineData(true, 12)]
    public void Single_byte_corruptions_are_typed_or_harmless(bool pruned, int seed)
    {
        byte[] valid = pruned ? artifact.Pruned : artifact.Grouped;
        long headerEnd = 8 + BitConverter.ToInt64(valid, 0);
        var random = new Random(seed);
        string path = _folder.File("corrupt.gr.safetensors");
        int refused = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] bytes = (byte[])valid.Clone();

            // Most trials hit the header, where the structure is; the rest hit the data.
            int at = random.Next(4) == 0 ? random.Next(bytes.Length) : random.Next((int)headerEnd);
            bytes[at] = random.Next(3) switch
            {
                0 => (byte)random.Next(256),
                1 => (byte)"0123456789-.e\"{}[],:n"[random.Next(21)],
                _ => (byte)(bytes[at] ^ (1 << random.Next(8))),
            };
            File.WriteAllBytes(path, bytes);
            refused += HostileUse.Use(path) is null ? 0 : 1;
        }

        Assert.InRange(refused, 1, 299);
    }
}
