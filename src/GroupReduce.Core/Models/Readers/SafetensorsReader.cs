using System.Buffers.Binary;
using GroupReduce.Core.Models.Mapping;
using GroupReduce.Core.Models.Tensors;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Reads safetensors: a little-endian u64 header length N, N bytes of UTF-8 JSON, then the data section,
/// which the tensors' <c>data_offsets</c> must cover exactly, without gaps or overlaps (the same rules as
/// the reference Rust crate).
/// </summary>
internal static class SafetensorsReader
{
    /// <summary>The header size limit of the reference implementation.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Reads the file's header and validates every tensor against the data section.</summary>
    /// <param name="file">The mapped file; the result owns it.</param>
    /// <returns>The model file.</returns>
    public static LoadedModelFile Read(MappedFile file)
    {
        string path = file.Path;
        var cursor = new ByteCursor(file, 0, file.Length);
        ulong declared = cursor.ReadUInt64("safetensors header length");
        if (declared > MaxHeaderBytes)
        {
            throw ModelError.InFile(
                ModelErrorCodes.HeaderTooLarge,
                path,
                $"the safetensors header length at byte 0 is {declared} bytes, over the 100 MB limit. The file is corrupt or not safetensors; re-export it.");
        }

        long headerLength = (long)declared;
        if (headerLength > file.Length - 8)
        {
            throw ModelError.InFile(
                ModelErrorCodes.HeaderTooLarge,
                path,
                $"the safetensors header length at byte 0 is {headerLength} bytes, but only {file.Length - 8} bytes follow it. The file is truncated or corrupt; re-download or re-export it.");
        }

        long dataStart = 8 + headerLength;
        long dataLength = file.Length - dataStart;
        (Dictionary<string, string> metadata, List<SafetensorsHeader.Entry> entries) = SafetensorsHeader.Parse(path, file.Span(8, (int)headerLength));

        var tensors = new List<ModelTensor>(entries.Count);
        if (!InDataOrder(entries))
        {
            entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End != b.End ? a.End.CompareTo(b.End) : a.Order.CompareTo(b.Order));
        }

        long covered = 0;
        foreach (SafetensorsHeader.Entry entry in entries)
        {
            if (entry.End > dataLength)
            {
                throw ModelError.InFile(
                    ModelErrorCodes.DataOutOfBounds,
                    path,
                    $"tensor '{Excerpt.Of(entry.Name)}': data_offsets [{entry.Begin}, {entry.End}] reach past the end of the data section ({dataLength} bytes, starting at byte {dataStart}). The file is truncated or its header is wrong.");
            }

            if (entry.Begin < covered)
            {
                throw ModelError.InFile(
                    ModelErrorCodes.TensorsOverlap,
                    path,
                    $"tensor '{Excerpt.Of(entry.Name)}': data_offsets [{entry.Begin}, {entry.End}] overlap the previous tensor, which ends at {covered}. The header is corrupt; re-export the model.");
            }

            if (entry.Begin > covered)
            {
                throw ModelError.InFile(
                    ModelErrorCodes.TensorsNotContiguous,
                    path,
                    $"tensor '{Excerpt.Of(entry.Name)}': data starts at {entry.Begin} but the previous tensor ends at {covered}, leaving a gap of {entry.Begin - covered} bytes; safetensors requires tensors to cover the data section contiguously. Re-export the model.");
            }

            covered = entry.End;
            var data = new MappedRange(file, dataStart + entry.Begin, entry.End - entry.Begin);
            tensors.Add(new StoredTensor(path, entry.Name, entry.DType, entry.Shape, entry.End - entry.Begin, data));
        }

        if (covered != dataLength)
        {
            throw ModelError.InFile(
                ModelErrorCodes.TensorsNotContiguous,
                path,
                $"the tensors cover {covered} bytes of the data section but it holds {dataLength} (the last {dataLength - covered} bytes, from byte {dataStart + covered}, belong to no tensor). Safetensors forbids unused bytes; the file is corrupt or was appended to.");
        }

        IReadOnlyList<string>? vocabulary = SafetensorsVocabulary.Read(path, tensors);
        return new LoadedModelFile(path, ModelFormat.Safetensors, tensors, vocabulary, metadata, [file]);
    }

    // Writers usually lay tensors out in header order; checking that is cheaper than sorting a large header.
    private static bool InDataOrder(List<SafetensorsHeader.Entry> entries)
    {
        for (int i = 1; i < entries.Count; i++)
        {
            SafetensorsHeader.Entry previous = entries[i - 1];
            if (entries[i].Begin < previous.Begin || (entries[i].Begin == previous.Begin && entries[i].End < previous.End))
            {
                return false;
            }
        }

        return true;
    }
}
