using System.Buffers.Binary;
using System.Text;
using GroupReduce.Core.Models.Mapping;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Reads a zip archive's central directory (ZIP64 included) from a mapped file and checks each member's
/// local header against it, so member data offsets can be trusted. Only what .npz files need: one disk,
/// no encryption, stored or deflate.
/// </summary>
internal static class ZipDirectory
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint CentralSignature = 0x02014b50;
    private const uint LocalSignature = 0x04034b50;
    private const int EndRecordBytes = 22;
    private const int CentralRecordBytes = 46;
    private const int LocalRecordBytes = 30;
    private const ushort Zip64ExtraId = 0x0001;


    /// <summary>Reads and validates every member.</summary>
    /// <param name="file">The archive.</param>
    /// <returns>The members in central-directory order.</returns>
    public static List<ZipMember> Read(MappedFile file)
    {
        string path = file.Path;
        long end = FindEndRecord(file);
        var record = new ByteCursor(file, end + 4, file.Length);
        uint disk = record.ReadUInt16("zip end record");
        uint centralDisk = record.ReadUInt16("zip end record");
        ulong entriesOnDisk = record.ReadUInt16("zip end record");
        ulong entries = record.ReadUInt16("zip end record");
        ulong centralSize = record.ReadUInt32("zip end record");
        ulong centralOffset = record.ReadUInt32("zip end record");
        long centralLimit = end;

        if (end >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(file.Span(end - 20, 4)) == Zip64LocatorSignature)
        {
            var locator = new ByteCursor(file, end - 16, end);
            uint zip64Disk = locator.ReadUInt32("ZIP64 locator");
            ulong zip64Offset = locator.ReadUInt64("ZIP64 locator");
            uint totalDisks = locator.ReadUInt32("ZIP64 locator");
            if (zip64Disk != 0 || totalDisks > 1)
            {
                throw MultiDisk(path);
            }

            if (zip64Offset > (ulong)(end - 20) || (ulong)(end - 20) - zip64Offset < 56)
            {
                throw Corrupt(path, $"the ZIP64 end record offset {zip64Offset} is outside the archive");
            }

            var zip64 = new ByteCursor(file, (long)zip64Offset, end - 20);
            if (zip64.ReadUInt32("ZIP64 end record") != Zip64EndSignature)
            {
                throw Corrupt(path, $"no ZIP64 end record at byte {zip64Offset}");
            }

            zip64.Skip(8 + 2 + 2, "ZIP64 end record");
            disk = zip64.ReadUInt32("ZIP64 end record");
            centralDisk = zip64.ReadUInt32("ZIP64 end record");
            entriesOnDisk = zip64.ReadUInt64("ZIP64 end record");
            entries = zip64.ReadUInt64("ZIP64 end record");
            centralSize = zip64.ReadUInt64("ZIP64 end record");
            centralOffset = zip64.ReadUInt64("ZIP64 end record");
            centralLimit = (long)zip64Offset;
        }

        if (disk != 0 || centralDisk != 0 || entriesOnDisk != entries)
        {
            throw MultiDisk(path);
        }

        if (centralOffset > (ulong)centralLimit || centralSize > (ulong)centralLimit - centralOffset)
        {
            throw ModelError.InFile(
                ModelErrorCodes.DataOutOfBounds,
                path,
                $"the zip central directory [{centralOffset}, +{centralSize}) lies outside the archive ({file.Length} bytes). The archive is truncated or corrupt; save it again.");
        }

        if (entries > centralSize / CentralRecordBytes)
        {
            throw Corrupt(path, $"{entries} members cannot fit a central directory of {centralSize} bytes");
        }

        var members = new List<ZipMember>((int)Math.Min(entries, 1 << 16));
        var cursor = new ByteCursor(file, (long)centralOffset, (long)(centralOffset + centralSize));
        for (ulong i = 0; i < entries; i++)
        {
            members.Add(ReadMember(file, ref cursor, (long)centralOffset));
        }

        return members;
    }

    private static long FindEndRecord(MappedFile file)
    {
        long lowest = Math.Max(0, file.Length - EndRecordBytes - ushort.MaxValue);
        for (long at = file.Length - EndRecordBytes; at >= lowest; at--)
        {
            ReadOnlySpan<byte> candidate = file.Span(at, EndRecordBytes);
            if (BinaryPrimitives.ReadUInt32LittleEndian(candidate) == EndSignature
                && at + EndRecordBytes + BinaryPrimitives.ReadUInt16LittleEndian(candidate[20..]) == file.Length)
            {
                return at;
            }
        }

        throw ModelError.InFile(
            ModelErrorCodes.Truncated,
            file.Path,
            "the zip archive has no end-of-central-directory record; it is truncated or not a zip. Save the .npz again (numpy.savez).");
    }

    private static ZipMember ReadMember(MappedFile file, ref ByteCursor cursor, long centralOffset)
    {
        string path = file.Path;
        long recordAt = cursor.Position;
        if (cursor.ReadUInt32("zip central directory record") != CentralSignature)
        {
            throw Corrupt(path, $"no central directory record at byte {recordAt}");
        }

        cursor.Skip(4, "zip central directory record");
        ushort flags = cursor.ReadUInt16("zip central directory record");
        ushort method = cursor.ReadUInt16("zip central directory record");
        cursor.Skip(4, "zip central directory record");
        uint crc = cursor.ReadUInt32("zip central directory record");
        ulong compressed = cursor.ReadUInt32("zip central directory record");
        ulong uncompressed = cursor.ReadUInt32("zip central directory record");
        int nameLength = cursor.ReadUInt16("zip central directory record");
        int extraLength = cursor.ReadUInt16("zip central directory record");
        int commentLength = cursor.ReadUInt16("zip central directory record");
        uint diskStart = cursor.ReadUInt16("zip central directory record");
        cursor.Skip(6, "zip central directory record");
        ulong localOffset = cursor.ReadUInt32("zip central directory record");
        ReadOnlySpan<byte> nameBytes = cursor.Take(nameLength, "zip member name");
        string name = (flags & 0x800) != 0 ? Utf8Name(path, nameBytes, recordAt) : Encoding.Latin1.GetString(nameBytes);
        ReadOnlySpan<byte> extra = cursor.Take(extraLength, "zip extra field");
        cursor.Skip(commentLength, "zip member comment");

        if (compressed == uint.MaxValue || uncompressed == uint.MaxValue || localOffset == uint.MaxValue || diskStart == ushort.MaxValue)
        {
            ReadOnlySpan<byte> zip64 = FindExtra(path, name, extra);
            int at = 0;
            uncompressed = uncompressed == uint.MaxValue ? Zip64Field(path, name, zip64, ref at) : uncompressed;
            compressed = compressed == uint.MaxValue ? Zip64Field(path, name, zip64, ref at) : compressed;
            localOffset = localOffset == uint.MaxValue ? Zip64Field(path, name, zip64, ref at) : localOffset;
            if (diskStart == ushort.MaxValue)
            {
                diskStart = zip64.Length >= at + 4 ? BinaryPrimitives.ReadUInt32LittleEndian(zip64[at..]) : throw Corrupt(path, $"member '{Excerpt.Of(name)}': its ZIP64 extra field is too short");
            }
        }

        if (diskStart != 0)
        {
            throw MultiDisk(path);
        }

        if ((flags & 0x1) != 0)
        {
            throw ModelError.InFile(ModelErrorCodes.ZipUnsupported, path, $"member '{Excerpt.Of(name)}' is encrypted; encrypted archives are not supported. Save the .npz without a password.");
        }

        if (method is not (ZipMember.Stored or ZipMember.Deflated))
        {
            throw ModelError.InFile(
                ModelErrorCodes.ZipUnsupported,
                path,
                $"member '{Excerpt.Of(name)}' uses zip compression method {method}; only stored (0) and deflate (8) are supported. Save it with numpy.savez or numpy.savez_compressed.");
        }

        if (compressed > long.MaxValue || uncompressed > long.MaxValue || localOffset > (ulong)centralOffset)
        {
            throw ModelError.InFile(ModelErrorCodes.DataOutOfBounds, path, $"member '{Excerpt.Of(name)}': its local header offset {localOffset} lies outside the archive's data area. The archive is corrupt.");
        }

        if (method == ZipMember.Stored && compressed != uncompressed)
        {
            throw ModelError.InFile(ModelErrorCodes.ZipMemberCorrupt, path, $"member '{Excerpt.Of(name)}' is stored but its sizes differ ({compressed} stored, {uncompressed} uncompressed). The archive is corrupt.");
        }

        long dataOffset = CheckLocalHeader(file, name, nameBytes, flags, method, crc, (long)compressed, (long)uncompressed, (long)localOffset);
        if ((long)compressed > centralOffset - dataOffset)
        {
            throw ModelError.InFile(
                ModelErrorCodes.DataOutOfBounds,
                path,
                $"member '{Excerpt.Of(name)}': its {compressed} bytes from byte {dataOffset} run past the start of the central directory (byte {centralOffset}). The archive is truncated or corrupt.");
        }

        return new ZipMember(name, method, crc, (long)compressed, (long)uncompressed, dataOffset);
    }

    private static long CheckLocalHeader(MappedFile file, string name, ReadOnlySpan<byte> nameBytes, ushort flags, ushort method, uint crc, long compressed, long uncompressed, long offset)
    {
        string path = file.Path;
        var local = new ByteCursor(file, offset, file.Length);
        if (local.ReadUInt32("zip local header") != LocalSignature)
        {
            throw ModelError.InFile(ModelErrorCodes.ZipMemberCorrupt, path, $"member '{Excerpt.Of(name)}': no local header at byte {offset}, where the central directory points. The archive is corrupt.");
        }

        local.Skip(2, "zip local header");
        ushort localFlags = local.ReadUInt16("zip local header");
        ushort localMethod = local.ReadUInt16("zip local header");
        local.Skip(4, "zip local header");
        uint localCrc = local.ReadUInt32("zip local header");
        ulong localCompressed = local.ReadUInt32("zip local header");
        ulong localUncompressed = local.ReadUInt32("zip local header");
        int nameLength = local.ReadUInt16("zip local header");
        int extraLength = local.ReadUInt16("zip local header");
        ReadOnlySpan<byte> localName = local.Take(nameLength, "zip local member name");
        ReadOnlySpan<byte> extra = local.Take(extraLength, "zip local extra field");
        if (!localName.SequenceEqual(nameBytes) || localMethod != method)
        {
            throw ModelError.InFile(ModelErrorCodes.ZipMemberCorrupt, path, $"member '{Excerpt.Of(name)}': the local header at byte {offset} disagrees with the central directory (name or compression method). The archive is corrupt.");
        }

        // With bit 3 set the sizes and CRC follow the data; the central directory is authoritative then.
        if ((localFlags & 0x8) == 0 && (flags & 0x8) == 0)
        {
            if (localCompressed == uint.MaxValue || localUncompressed == uint.MaxValue)
            {
                ReadOnlySpan<byte> zip64 = FindExtra(path, name, extra);
                int at = 0;
                localUncompressed = localUncompressed == uint.MaxValue ? Zip64Field(path, name, zip64, ref at) : localUncompressed;
                localCompressed = localCompressed == uint.MaxValue ? Zip64Field(path, name, zip64, ref at) : localCompressed;
            }

            if (localCrc != crc || localCompressed != (ulong)compressed || localUncompressed != (ulong)uncompressed)
            {
                throw ModelError.InFile(ModelErrorCodes.ZipMemberCorrupt, path, $"member '{Excerpt.Of(name)}': the local header at byte {offset} gives sizes or CRC different from the central directory. The archive is corrupt.");
            }
        }

        return local.Position;
    }

    private static string Utf8Name(string path, ReadOnlySpan<byte> bytes, long recordAt)
    {
        try
        {
            return StrictUtf8.Encoding.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw ModelError.InFile(ModelErrorCodes.HeaderInvalid, path, $"the member name in the central directory record at byte {recordAt} is flagged UTF-8 but is not ('{Excerpt.Of(bytes)}'). The zip structure is corrupt; save the .npz again.", e);
        }
    }

    private static ReadOnlySpan<byte> FindExtra(string path, string name, ReadOnlySpan<byte> extra)
    {
        while (extra.Length >= 4)
        {
            ushort id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (size > extra.Length - 4)
            {
                break;
            }

            if (id == Zip64ExtraId)
            {
                return extra.Slice(4, size);
            }

            extra = extra[(4 + size)..];
        }

        throw Corrupt(path, $"member '{Excerpt.Of(name)}' has 32-bit size fields set to 0xFFFFFFFF but no valid ZIP64 extra field");
    }

    private static ulong Zip64Field(string path, string name, ReadOnlySpan<byte> zip64, ref int at)
    {
        if (zip64.Length < at + 8)
        {
            throw Corrupt(path, $"member '{Excerpt.Of(name)}': its ZIP64 extra field is too short");
        }

        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(zip64[at..]);
        at += 8;
        return value;
    }

    private static Abstractions.GroupReduceException Corrupt(string path, string problem) =>
        ModelError.InFile(ModelErrorCodes.HeaderInvalid, path, $"{problem}. The zip structure is corrupt; save the .npz again.");

    private static Abstractions.GroupReduceException MultiDisk(string path) =>
        ModelError.InFile(ModelErrorCodes.ZipUnsupported, path, "the archive spans several disks; only single-file archives are supported. Join it into one file.");
}
