using System.IO.Compression;
using System.Text;

namespace GroupReduce.Testing.Models;

/// <summary>
/// Assembles zip archives record by record (local headers, central directory, end record, and the ZIP64
/// end record and locator when asked), so tests control every field, including wrong ones.
/// </summary>
public static class ZipBytes
{
    public static byte[] Build(IReadOnlyList<Member> members, bool zip64 = false)
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer);
        var centrals = new List<byte[]>();
        foreach (Member member in members)
        {
            byte[] stored = member.Stored ?? (member.Method == 8 ? Deflate(member.Data) : member.Data);
            uint crc = member.Crc ?? Crc32(member.Data);
            byte[] name = Encoding.UTF8.GetBytes(member.Name);
            byte[] localName = Encoding.UTF8.GetBytes(member.LocalName ?? member.Name);
            long localOffset = buffer.Position;
            ushort needed = zip64 ? (ushort)45 : (ushort)20;

            writer.Write(0x04034b50u);
            writer.Write(needed);
            writer.Write(member.Flags);
            writer.Write(member.Method);
            writer.Write((ushort)0);
            writer.Write((ushort)0x21);
            writer.Write(crc);
            writer.Write(zip64 ? uint.MaxValue : (uint)stored.Length);
            writer.Write(zip64 ? uint.MaxValue : (uint)member.Data.Length);
            writer.Write((ushort)localName.Length);
            writer.Write((ushort)(zip64 ? 20 : 0));
            writer.Write(localName);
            if (zip64)
            {
                writer.Write((ushort)1);
                writer.Write((ushort)16);
                writer.Write((ulong)member.Data.Length);
                writer.Write((ulong)stored.Length);
            }

            writer.Write(stored);

            using var central = new MemoryStream();
            using var c = new BinaryWriter(central);
            c.Write(0x02014b50u);
            c.Write(needed);
            c.Write(needed);
            c.Write(member.Flags);
            c.Write(member.Method);
            c.Write((ushort)0);
            c.Write((ushort)0x21);
            c.Write(crc);
            c.Write(zip64 ? uint.MaxValue : (uint)stored.Length);
            c.Write(zip64 ? uint.MaxValue : (uint)member.Data.Length);
            c.Write((ushort)name.Length);
            c.Write((ushort)(zip64 ? 28 : 0));
            c.Write((ushort)0);
            c.Write((ushort)0);
            c.Write((ushort)0);
            c.Write(0u);
            c.Write(zip64 ? uint.MaxValue : (uint)localOffset);
            c.Write(name);
            if (zip64)
            {
                c.Write((ushort)1);
                c.Write((ushort)24);
                c.Write((ulong)member.Data.Length);
                c.Write((ulong)stored.Length);
                c.Write((ulong)localOffset);
            }

            c.Flush();
            centrals.Add(central.ToArray());
        }

        long centralOffset = buffer.Position;
        foreach (byte[] central in centrals)
        {
            writer.Write(central);
        }

        long centralSize = buffer.Position - centralOffset;
        if (zip64)
        {
            long zip64End = buffer.Position;
            writer.Write(0x06064b50u);
            writer.Write(44ul);
            writer.Write((ushort)45);
            writer.Write((ushort)45);
            writer.Write(0u);
            writer.Write(0u);
            writer.Write((ulong)members.Count);
            writer.Write((ulong)members.Count);
            writer.Write((ulong)centralSize);
            writer.Write((ulong)centralOffset);
            writer.Write(0x07064b50u);
            writer.Write(0u);
            writer.Write((ulong)zip64End);
            writer.Write(1u);
        }

        writer.Write(0x06054b50u);
        writer.Write((ushort)0);
        writer.Write((ushort)0);
        writer.Write(zip64 ? ushort.MaxValue : (ushort)members.Count);
        writer.Write(zip64 ? ushort.MaxValue : (ushort)members.Count);
        writer.Write(zip64 ? uint.MaxValue : (uint)centralSize);
        writer.Write(zip64 ? uint.MaxValue : (uint)centralOffset);
        writer.Write((ushort)0);
        writer.Flush();
        return buffer.ToArray();
    }

    public static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>CRC-32 (IEEE 802.3, reflected, as zip uses), bit by bit.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>A member; the optional fields make it lie (another local name, a wrong CRC, other stored bytes).</summary>
    public sealed record Member(string Name, byte[] Data, ushort Method = 0, ushort Flags = 0, string? LocalName = null, uint? Crc = null, byte[]? Stored = null);
}
