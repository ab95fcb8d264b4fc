namespace GroupReduce.Core.Models.Readers;

/// <summary>One member of a zip archive, as its central directory and local header agree it is.</summary>
/// <param name="Name">The member's name.</param>
/// <param name="Method">The compression method (0 stored, 8 deflate).</param>
/// <param name="Crc32">The CRC-32 of the uncompressed bytes.</param>
/// <param name="CompressedSize">Stored bytes.</param>
/// <param name="UncompressedSize">Bytes after decompression.</param>
/// <param name="DataOffset">The first stored byte in the archive.</param>
internal sealed record ZipMember(string Name, ushort Method, uint Crc32, long CompressedSize, long UncompressedSize, long DataOffset)
{
    /// <summary>Method 0: stored uncompressed.</summary>
    public const ushort Stored = 0;

    /// <summary>Method 8: deflate.</summary>
    public const ushort Deflated = 8;
}
