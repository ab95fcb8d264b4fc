using System.Buffers.Binary;
using System.IO.Hashing;
using System.Reflection;
using System.Text;
using GroupReduce.Core.Tokenizers;

namespace GroupReduce.Core.Frequencies;

/// <summary>
/// The counts cache: one file per count, <c>&lt;key&gt;.counts</c>, named by the XXH128 of the count's inputs (this format's
/// version, the tokenizer's identity and each corpus file's content hash and length, in order), so a rebuild that counts
/// the same text with the same tokenizer reads the file instead of tokenising again. Entries are written to a temporary
/// name and renamed. The cache is an optimisation, never a failure: an entry that is corrupt or unreadable is counted
/// again, a folder that cannot be written leaves the count uncached; both are told in <see cref="CorpusCounts.CacheProblem"/>.
/// </summary>
internal static class CorpusCountCache
{
    /// <summary>Raised whenever what a count means changes (the line rule, the file layout), so old entries are never read.</summary>
    private const int FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "GRCC"u8;

    // magic, version, key, size, four totals, distinct ids; then the pairs; then XXH64 of all before it.
    private const int HeaderBytes = 4 + 4 + 16 + 4 + (4 * 8) + 4;
    private const int PairBytes = 4 + 8;

    /// <summary>The folder the options name, or null when the cache is off.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The full path, or null.</returns>
    public static string? Folder(CorpusCountOptions options)
    {
        if (options.NoCache)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(options.CacheDirectory))
        {
            return Path.GetFullPath(options.CacheDirectory);
        }

        string? variable = Environment.GetEnvironmentVariable(CorpusCountOptions.CacheVariable);
        if (!string.IsNullOrWhiteSpace(variable))
        {
            return variable.Trim().Equals("off", StringComparison.OrdinalIgnoreCase) ? null : Path.GetFullPath(variable.Trim());
        }

        string local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return string.IsNullOrEmpty(local) ? null : Path.Combine(local, "GroupReduce", "counts");
    }

    /// <summary>The key of a count: 32 hex digits.</summary>
    /// <param name="tokenizer">The tokenizer.</param>
    /// <param name="fileHashes">Each corpus file's XXH128.</param>
    /// <param name="fileLengths">Each corpus file's length.</param>
    /// <param name="cancellationToken">Stops hashing the tokenizer's file.</param>
    /// <returns>The key.</returns>
    public static string Key(ModelTokenizer tokenizer, IReadOnlyList<byte[]> fileHashes, IReadOnlyList<long> fileLengths, CancellationToken cancellationToken)
    {
        var hash = new XxHash128();
        var text = new StringBuilder()
            .Append("groupreduce corpus counts ").Append(FormatVersion).Append('\n')
            .Append("kind ").Append(tokenizer.Kind).Append('\n')
            .Append("size ").Append(tokenizer.Size).Append('\n')
            // The encoders are built by this assembly's code and run by the library's: a new version of either may split differently.
            .Append("tokenizers ").Append(VersionOf(typeof(Microsoft.ML.Tokenizers.Tokenizer).Assembly)).Append('\n')
            .Append("core ").Append(VersionOf(typeof(CorpusCountCache).Assembly)).Append('\n');
        if (tokenizer.Files.Count > 0)
        {
            // The tokenizer's own file, then what it was read with (a vocab.json's merges.txt).
            text.Append("file ").Append(HashFile(tokenizer.Files[0], cancellationToken)).Append('\n');
            foreach (string other in tokenizer.Files.Skip(1))
            {
                text.Append("merges ").Append(HashFile(other, cancellationToken)).Append('\n');
            }
        }
        else
        {
            text.Append("encoding ").Append(tokenizer.Source).Append('\n');
        }

        hash.Append(Encoding.UTF8.GetBytes(text.ToString()));
        Span<byte> length = stackalloc byte[8];
        for (int i = 0; i < fileHashes.Count; i++)
        {
            hash.Append(fileHashes[i]);
            BinaryPrimitives.WriteInt64LittleEndian(length, fileLengths[i]);
            hash.Append(length);
        }

        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    /// <summary>The entry's file.</summary>
    /// <param name="folder">The cache folder.</param>
    /// <param name="key">The key.</param>
    /// <returns>The path.</returns>
    public static string EntryPath(string folder, string key) => Path.Combine(folder, key + ".counts");

    /// <summary>Reads an entry.</summary>
    /// <param name="path">The entry.</param>
    /// <param name="key">The key it must hold.</param>
    /// <param name="size">The tokenizer's size it must hold.</param>
    /// <param name="problem">Why an entry that exists could not be used.</param>
    /// <returns>The counts and totals, or null (a miss).</returns>
    public static (long[] Counts, CorpusTotals Totals)? TryRead(string path, string key, int size, out string? problem)
    {
        problem = null;
        byte[] bytes;
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"the cache entry '{path}' could not be read ({ex.Message}); the corpus was counted again";
            return null;
        }

        (long[] Counts, CorpusTotals Totals)? entry = Parse(bytes, key, size);
        if (entry is null)
        {
            problem = $"the cache entry '{path}' is damaged or of another version; the corpus was counted again and the entry replaced";
        }

        return entry;
    }

    /// <summary>Writes an entry: a temporary file in the folder, then a rename.</summary>
    /// <param name="path">The entry.</param>
    /// <param name="key">The key.</param>
    /// <param name="counts">The counts.</param>
    /// <param name="totals">The totals.</param>
    /// <returns>Why it could not be written, or null.</returns>
    public static string? TryWrite(string path, string key, long[] counts, CorpusTotals totals)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            ReplacedFile.Write(path, stream => stream.Write(Serialize(key, counts, totals)), CancellationToken.None);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"the cache entry '{path}' could not be written ({ex.Message}); the counts were not cached";
        }
    }

    private static byte[] Serialize(string key, long[] counts, CorpusTotals totals)
    {
        int distinct = counts.Count(c => c > 0);
        byte[] bytes = new byte[HeaderBytes + (distinct * PairBytes) + 8];
        Span<byte> span = bytes;
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], FormatVersion);
        Convert.FromHexString(key).CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], counts.Length);
        BinaryPrimitives.WriteInt64LittleEndian(span[28..], totals.Tokens);
        BinaryPrimitives.WriteInt64LittleEndian(span[36..], totals.Bytes);
        BinaryPrimitives.WriteInt64LittleEndian(span[44..], totals.Characters);
        BinaryPrimitives.WriteInt64LittleEndian(span[52..], totals.Lines);
        BinaryPrimitives.WriteInt32LittleEndian(span[60..], distinct);
        int at = HeaderBytes;
        for (int id = 0; id < counts.Length; id++)
        {
            if (counts[id] > 0)
            {
                BinaryPrimitives.WriteInt32LittleEndian(span[at..], id);
                BinaryPrimitives.WriteInt64LittleEndian(span[(at + 4)..], counts[id]);
                at += PairBytes;
            }
        }

        BinaryPrimitives.WriteUInt64LittleEndian(span[at..], XxHash64.HashToUInt64(span[..at]));
        return bytes;
    }

    // Every field is checked: a torn, truncated or foreign file is a miss, never wrong counts.
    private static (long[] Counts, CorpusTotals Totals)? Parse(ReadOnlySpan<byte> span, string key, int size)
    {
        if (span.Length < HeaderBytes + 8 || !span[..4].SequenceEqual(Magic) || BinaryPrimitives.ReadInt32LittleEndian(span[4..]) != FormatVersion
            || !span.Slice(8, 16).SequenceEqual(Convert.FromHexString(key)) || BinaryPrimitives.ReadInt32LittleEndian(span[24..]) != size)
        {
            return null;
        }

        int distinct = BinaryPrimitives.ReadInt32LittleEndian(span[60..]);
        if (distinct < 0 || distinct > size || span.Length != HeaderBytes + ((long)distinct * PairBytes) + 8)
        {
            return null;
        }

        int end = span.Length - 8;
        if (XxHash64.HashToUInt64(span[..end]) != BinaryPrimitives.ReadUInt64LittleEndian(span[end..]))
        {
            return null;
        }

        var totals = new CorpusTotals(
            BinaryPrimitives.ReadInt64LittleEndian(span[28..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[36..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[44..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[52..]));
        long[] counts = new long[size];
        long sum = 0;
        int previous = -1;
        for (int at = HeaderBytes; at < end; at += PairBytes)
        {
            int id = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
            long count = BinaryPrimitives.ReadInt64LittleEndian(span[(at + 4)..]);
            if (id <= previous || id >= size || count <= 0)
            {
                return null;
            }

            counts[id] = count;
            sum += count;
            previous = id;
        }

        return sum == totals.Tokens ? (counts, totals) : null;
    }

    private static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "?";

    private static string HashFile(string path, CancellationToken cancellationToken)
    {
        using FileStream stream = CorpusChunkReader.Open(path, 1 << 16);
        var hash = new XxHash128();
        byte[] buffer = new byte[1 << 20];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            hash.Append(buffer.AsSpan(0, read));
        }

        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }
}
