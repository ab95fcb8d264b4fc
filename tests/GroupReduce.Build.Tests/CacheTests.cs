namespace GroupReduce.Build.Tests;

/// <summary>
/// The opt-in content-addressed cache through the build: the task passes the folder to the engine (<c>--cache</c>), which
/// restores a clean checkout's artifact and recompresses over a corrupt entry (the CLI's own tests: CacheOptionTests).
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class CacheTests(PackageFixture package)
{
    [Fact]
    public void A_clean_checkout_restores_from_the_cache_and_a_corrupt_entry_is_recompressed()
    {
        string cache = Path.Combine(package.Root, "cache-" + Guid.NewGuid().ToString("N")[..8]);
        string property = $"<GroupReduceCacheDirectory>{cache}</GroupReduceCacheDirectory>";

        var first = new ThrowAwayProject(package, properties: property);
        DotnetRun filled = first.Run("build");
        Assert.True(filled.ExitCode == 0 && filled.Compressed && !filled.RestoredFromCache, filled.ToString());

        var checkout = new ThrowAwayProject(package, properties: property);
        DotnetRun hit = checkout.Run("build");
        Assert.True(hit.ExitCode == 0, hit.ToString());
        Assert.True(hit.RestoredFromCache, hit.ToString());
        Assert.Equal(File.ReadAllBytes(first.OutputArtifact), File.ReadAllBytes(checkout.OutputArtifact));

        string entry = Assert.Single(Directory.GetDirectories(cache));
        File.WriteAllBytes(Path.Combine(entry, "artifact"), [0, 1, 2, 3]);
        var another = new ThrowAwayProject(package, properties: property);
        DotnetRun corrupt = another.Run("build");
        Assert.True(corrupt.ExitCode == 0, corrupt.ToString());
        Assert.Contains("warning GR5006:", corrupt.Output);
        Assert.True(corrupt.Compressed && !corrupt.RestoredFromCache, corrupt.ToString());
        Assert.Equal(File.ReadAllBytes(first.OutputArtifact), File.ReadAllBytes(another.OutputArtifact));
    }
}
