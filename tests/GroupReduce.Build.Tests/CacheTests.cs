namespace GroupReduce.Build.Tests;

/// <summary>The opt-in content-addressed cache: a clean checkout restores the artifact; a corrupt entry is ignored.</summary>
[Collection(PackageCollection.Name)]
public sealed class CacheTests(PackageFixture package)
{
    [Fact]
    public void CleanCheckoutRestoresFromCacheAndCorruptEntryIsRecompressed()
    {
        string cache = Path.Combine(package.Root, "cache-" + Guid.NewGuid().ToString("N")[..8]);
        string property = $"<GroupReduceCacheDirectory>{cache}</GroupReduceCacheDirectory>";

        var first = new ThrowAwayProject(package, properties: property);
        DotnetRun filled = first.Run("build");
        Assert.True(filled.ExitCode == 0 && filled.Compressed, filled.ToString());

        var checkout = new ThrowAwayProject(package, properties: property);
        DotnetRun hit = checkout.Run("build");
        Assert.True(hit.ExitCode == 0, hit.ToString());
        Assert.False(hit.Compressed, hit.ToString());
        Assert.Contains("restored from the cache", hit.Output);
        Assert.Equal(File.ReadAllBytes(first.OutputArtifact), File.ReadAllBytes(checkout.OutputArtifact));

        string entry = Assert.Single(Directory.GetDirectories(cache));
        File.WriteAllBytes(Path.Combine(entry, "artifact"), [0, 1, 2, 3]);
        var another = new ThrowAwayProject(package, properties: property);
        DotnetRun corrupt = another.Run("build");
        Assert.True(corrupt.ExitCode == 0, corrupt.ToString());
        Assert.Contains("warning GR5006:", corrupt.Output);
        Assert.True(corrupt.Compressed, corrupt.ToString());
        Assert.Equal(File.ReadAllBytes(first.OutputArtifact), File.ReadAllBytes(another.OutputArtifact));
    }
}
