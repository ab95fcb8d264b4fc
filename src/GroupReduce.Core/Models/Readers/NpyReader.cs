using GroupReduce.Core.Models.Mapping;
using GroupReduce.Core.Models.Tensors;

namespace GroupReduce.Core.Models.Readers;

/// <summary>Reads a single NumPy .npy array as the tensor <c>array</c>.</summary>
internal static class NpyReader
{
    /// <summary>The name of the one tensor of a .npy file.</summary>
    public const string TensorName = "array";

    /// <summary>Reads the header and maps the data in place.</summary>
    /// <param name="file">The mapped file; the result owns it.</param>
    /// <returns>The model file.</returns>
    public static LoadedModelFile Read(MappedFile file)
    {
        const string what = "the array";
        ReadOnlySpan<byte> preamble = file.Span(0, (int)Math.Min(file.Length, NpyHeader.PreambleBytes));
        (int major, int textStart, long textEnd) = NpyHeader.ReadPreamble(file.Path, what, preamble);
        var cursor = new ByteCursor(file, textStart, file.Length);
        ReadOnlySpan<byte> text = cursor.Take((int)(textEnd - textStart), ".npy header");
        NpyHeader header = NpyHeader.Parse(file.Path, what, major, text, textEnd, file.Length);
        var tensor = new StoredTensor(file.Path, TensorName, header.DType, header.Shape, header.ByteLength, new MappedRange(file, header.DataOffset, header.ByteLength));
        return new LoadedModelFile(file.Path, ModelFormat.Npy, [tensor], null, new Dictionary<string, string>(), [file]);
    }
}
