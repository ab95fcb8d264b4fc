namespace GroupReduce.Runtime.Tests.Hostile;

/// <summary>Opens hostile files the way an app would, and checks the outcome and the memory it took.</summary>
internal static class HostileUse
{
    /// <summary>The bound of issue 10: max(64 MB, 4 x the file's size).</summary>
    public static long AllocationBound(long fileBytes) => Math.Max(64L << 20, 4 * fileBytes);

    /// <summary>Writes the bytes to a file and returns its path.</summary>
    public static string Write(string folder, byte[] bytes)
    {
        string path = Path.Combine(folder, $"hostile-{Guid.NewGuid():N}.gr.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>
    /// Open + Head() + one Logits call (and one Embed when there is an embedding), as an app does: returns null when all
    /// of it succeeded, else the typed error; anything else fails the test. Checks the allocation bound either way.
    /// </summary>
    public static ArtifactFormatException? Use(string path)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        ArtifactFormatException? refused = null;
        try
        {
            using CompressedModel model = CompressedModel.Open(path);
            LanguageModelHead head = model.Head();
            var hidden = new float[head.HiddenWidth];
            hidden.AsSpan().Fill(0.5f);
            head.Logits(hidden, new float[head.VocabularySize]);
            if (head.Embedding is not null)
            {
                head.Embed(head.VocabularySize - 1, new float[head.EmbeddingWidth]);
            }
        }
        catch (ArtifactFormatException ex)
        {
            refused = ex;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long bound = AllocationBound(new FileInfo(path).Length);
        Assert.True(allocated < bound, $"{Path.GetFileName(path)} ({new FileInfo(path).Length} bytes) allocated {allocated:N0} bytes (bound {bound:N0}); {refused?.Message}");
        if (refused is not null)
        {
            Assert.Matches("^GR20[0-9][0-9]$", refused.Code);
            Assert.Contains(Path.GetFileName(path), refused.Message, StringComparison.Ordinal);
        }

        return refused;
    }

    /// <summary>Asserts the file is refused on open (or at Head()) with the code and a message mentioning each text.</summary>
    public static ArtifactFormatException Refused(string folder, byte[] bytes, string code, params string[] mentions)
    {
        string path = Write(folder, bytes);
        ArtifactFormatException error = Use(path) ?? throw new Xunit.Sdk.XunitException("the hostile file was accepted");
        Assert.True(code == error.Code, $"expected {code}, got {error.Message}");
        foreach (string mention in mentions)
        {
            Assert.True(error.Message.Contains(mention, StringComparison.Ordinal), $"'{mention}' is not in: {error.Message}");
        }

        return error;
    }
}
