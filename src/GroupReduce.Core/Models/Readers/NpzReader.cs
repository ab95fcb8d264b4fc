using GroupReduce.Core.Models.Mapping;
using GroupReduce.Core.Models.Tensors;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Reads a NumPy .npz archive: each <c>name.npy</c> member is the tensor <c>name</c>. Stored members are
/// mapped in place; deflated members are inflated on first use (see <see cref="InflatedNpyMember"/>).
/// </summary>
internal static class NpzReader
{
    /// <summary>Reads the directory and every member's .npy header.</summary>
    /// <param name="file">The mapped archive; the result owns it.</param>
    /// <returns>The model file.</returns>
    public static LoadedModelFile Read(MappedFile file)
    {
        string path = file.Path;
        var tensors = new List<ModelTensor>();
        var resources = new List<IDisposable>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (ZipMember member in ZipDirectory.Read(file))
            {
                if (member.Name.EndsWith('/') && member.UncompressedSize == 0)
                {
                    continue;
                }

                if (!member.Name.EndsWith(".npy", StringComparison.Ordinal))
                {
                    throw ModelError.InFile(ModelErrorCodes.HeaderInvalid, path, $"member '{Excerpt.Of(member.Name)}' is not a .npy array; an .npz holds only .npy members. Remove it, or save the arrays with numpy.savez.");
                }

                string name = member.Name[..^4];
                if (!names.Add(name))
                {
                    throw ModelError.InFile(ModelErrorCodes.DuplicateName, path, $"member '{Excerpt.Of(member.Name)}' appears twice in the archive. Save the .npz again with unique names.");
                }

                string what = $"member '{Excerpt.Of(member.Name)}'";
                tensors.Add(member.Method == ZipMember.Stored ? ReadStored(file, member, name, what) : ReadDeflated(file, member, name, what, resources));
            }
        }
        catch
        {
            foreach (IDisposable resource in resources)
            {
                resource.Dispose();
            }

            throw;
        }

        resources.Add(file);
        return new LoadedModelFile(path, ModelFormat.Npz, tensors, null, new Dictionary<string, string>(), resources);
    }

    private static StoredTensor ReadStored(MappedFile file, ZipMember member, string name, string what)
    {
        ReadOnlySpan<byte> preamble = file.Span(member.DataOffset, (int)Math.Min(member.CompressedSize, NpyHeader.PreambleBytes));
        (int major, int textStart, long textEnd) = NpyHeader.ReadPreamble(file.Path, what, preamble);
        var cursor = new ByteCursor(file, member.DataOffset + textStart, member.DataOffset + member.CompressedSize);
        ReadOnlySpan<byte> text = cursor.Take((int)(textEnd - textStart), $".npy header of {what}");
        NpyHeader header = NpyHeader.Parse(file.Path, what, major, text, textEnd, member.UncompressedSize);
        var data = new MappedRange(file, member.DataOffset + header.DataOffset, header.ByteLength);
        return new StoredTensor(file.Path, name, header.DType, header.Shape, header.ByteLength, data);
    }

    private static StoredTensor ReadDeflated(MappedFile file, ZipMember member, string name, string what, List<IDisposable> resources)
    {
        NpyHeader header;
        using (MappedFile.Lease lease = file.Acquire())
        {
            using Stream inflating = InflatedNpyMember.OpenInflating(file, member);
            try
            {
                byte[] preamble = new byte[NpyHeader.PreambleBytes];
                int got = inflating.ReadAtLeast(preamble, preamble.Length, throwOnEndOfStream: false);
                (int major, int textStart, long textEnd) = NpyHeader.ReadPreamble(file.Path, what, preamble.AsSpan(0, got));
                if (textEnd > member.UncompressedSize)
                {
                    throw ModelError.InFile(ModelErrorCodes.Truncated, file.Path, $"{what} declares a .npy header ending at byte {textEnd} but the member holds {member.UncompressedSize} bytes. The archive is corrupt.");
                }

                byte[] text = new byte[textEnd - textStart];
                int already = Math.Min(got - textStart, text.Length);
                preamble.AsSpan(textStart, already).CopyTo(text);
                if (inflating.ReadAtLeast(text.AsSpan(already), text.Length - already, throwOnEndOfStream: false) != text.Length - already)
                {
                    throw ModelError.InFile(ModelErrorCodes.ZipMemberCorrupt, file.Path, $"{what} inflates to fewer bytes than its .npy header needs. The archive is corrupt.");
                }

                header = NpyHeader.Parse(file.Path, what, major, text, textEnd, member.UncompressedSize);
            }
            catch (InvalidDataException e)
            {
                throw ModelError.InFile(ModelErrorCodes.ZipMemberCorrupt, file.Path, $"{what} does not inflate: {e.Message} The archive is corrupt; save it again.", e);
            }
        }

        var data = new InflatedNpyMember(file, member, header.DataOffset, header.ByteLength);
        resources.Add(data);
        return new StoredTensor(file.Path, name, header.DType, header.Shape, header.ByteLength, data);
    }
}
