using System.Buffers.Binary;
using System.Text;
using GroupReduce.Core.Models.Tensors;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// A parsed .npy header: <c>\x93NUMPY</c>, a version, a header length (u16 for 1.0, u32 for 2.0 and 3.0),
/// then a Python dictionary with <c>descr</c>, <c>fortran_order</c> and <c>shape</c>.
/// </summary>
/// <param name="DType">The element type.</param>
/// <param name="ElementSize">Bytes per element.</param>
/// <param name="Shape">The shape (C order).</param>
/// <param name="DataOffset">Where the data starts, relative to the start of the .npy bytes.</param>
/// <param name="ByteLength">The data's size in bytes.</param>
internal sealed record NpyHeader(TensorDType DType, int ElementSize, long[] Shape, long DataOffset, long ByteLength)
{
    /// <summary>Bytes before the header text in every version: magic, version, and at most a 4-byte length.</summary>
    public const int PreambleBytes = 12;

    /// <summary>Header text longer than this is treated as corrupt.</summary>
    /// <remarks>NumPy itself refuses headers over 10 000 bytes unless told otherwise; 1 MB leaves room and keeps a lying length from costing memory.</remarks>
    public const long MaxHeaderBytes = 1 << 20;


    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Whether the bytes start with the .npy magic.</summary>
    /// <param name="bytes">The first bytes of a file or member.</param>
    /// <returns>Whether they look like .npy.</returns>
    public static bool HasMagic(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Magic);

    /// <summary>Reads the magic, version and header length.</summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="what">What holds the array (e.g. <c>member 'a.npy'</c>), for messages.</param>
    /// <param name="preamble">The first bytes (up to <see cref="PreambleBytes"/>; fewer only if the data is that short).</param>
    /// <returns>The major version and where the header text starts and ends.</returns>
    public static (int Major, int TextStart, long TextEnd) ReadPreamble(string path, string what, ReadOnlySpan<byte> preamble)
    {
        if (!HasMagic(preamble))
        {
            throw ModelError.InFile(ModelErrorCodes.HeaderInvalid, path, $"{what} does not start with the .npy magic \\x93NUMPY. It is not a NumPy array; save it with numpy.save.");
        }

        if (preamble.Length < 8)
        {
            throw ModelError.InFile(ModelErrorCodes.Truncated, path, $"{what} ends inside its .npy preamble ({preamble.Length} bytes). The file is truncated.");
        }

        int major = preamble[6];
        int textStart = major switch
        {
            1 => 10,
            2 or 3 => 12,
            _ => throw ModelError.InFile(ModelErrorCodes.UnsupportedVersion, path, $"{what} is .npy format version {major}.{preamble[7]}; versions 1.0, 2.0 and 3.0 are supported. Save it with a current NumPy."),
        };
        if (preamble.Length < textStart)
        {
            throw ModelError.InFile(ModelErrorCodes.Truncated, path, $"{what} ends inside its .npy preamble ({preamble.Length} bytes). The file is truncated.");
        }

        long textLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(preamble[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..]);
        if (textLength > MaxHeaderBytes)
        {
            throw ModelError.InFile(ModelErrorCodes.HeaderTooLarge, path, $"{what} declares a .npy header of {textLength} bytes, over the {MaxHeaderBytes >> 20} MiB limit. The array is corrupt.");
        }

        return (major, textStart, textStart + textLength);
    }

    /// <summary>Parses the header dictionary and checks the data fits.</summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="what">What holds the array, for messages.</param>
    /// <param name="major">The major version (3 means UTF-8 text, earlier Latin-1).</param>
    /// <param name="text">The header text bytes.</param>
    /// <param name="dataOffset">Where the data starts (the end of the header text).</param>
    /// <param name="available">Bytes the array occupies in all (header included).</param>
    /// <returns>The header.</returns>
    public static NpyHeader Parse(string path, string what, int major, ReadOnlySpan<byte> text, long dataOffset, long available)
    {
        string literal;
        try
        {
            literal = major >= 3 ? StrictUtf8.Encoding.GetString(text) : Encoding.Latin1.GetString(text);
        }
        catch (DecoderFallbackException e)
        {
            throw ModelError.InFile(ModelErrorCodes.HeaderInvalid, path, $"{what}: its version 3 header text (from byte {dataOffset - text.Length}) is not valid UTF-8. The .npy header is malformed; save the array again with numpy.save.", e);
        }

        object? parsed;
        try
        {
            parsed = PythonLiteral.Parse(literal);
        }
        catch (FormatException e)
        {
            throw Invalid(path, what, $"its header is not a Python dictionary ({e.Message})");
        }

        if (parsed is not Dictionary<string, object?> header)
        {
            throw Invalid(path, what, "its header is not a Python dictionary");
        }

        if (header.Count != 3 || !header.ContainsKey("descr") || !header.ContainsKey("fortran_order") || !header.ContainsKey("shape"))
        {
            throw Invalid(path, what, $"its header has keys {{{string.Join(", ", header.Keys)}}} but must have exactly descr, fortran_order and shape");
        }

        (TensorDType dtype, int size) = ParseDescr(path, what, header["descr"]);
        if (header["fortran_order"] is not bool fortran)
        {
            throw Invalid(path, what, "its fortran_order is not True or False");
        }

        long[] shape = ParseShape(path, what, header["shape"]);
        if (fortran && shape.Length > 1)
        {
            throw ModelError.InFile(
                ModelErrorCodes.UnsupportedLayout,
                path,
                $"{what} is stored in Fortran (column-major) order; only C order is supported. Save it with numpy.save(path, numpy.ascontiguousarray(a)).");
        }

        if (!ShapeMath.TryByteLength(shape, size, out long byteLength))
        {
            throw ModelError.InFile(ModelErrorCodes.InvalidShape, path, $"{what} has shape {ShapeMath.Format(shape)}, whose size overflows 64 bits. The array is corrupt.");
        }

        long present = available - dataOffset;
        if (byteLength > present)
        {
            throw ModelError.InFile(
                ModelErrorCodes.Truncated,
                path,
                $"{what} (shape {ShapeMath.Format(shape)}) needs {byteLength} data bytes from byte {dataOffset} but only {present} are there. The file is truncated; save it again.");
        }

        if (byteLength < present)
        {
            throw ModelError.InFile(
                ModelErrorCodes.ByteLengthMismatch,
                path,
                $"{what} (shape {ShapeMath.Format(shape)}) needs {byteLength} data bytes but {present} follow its header. The shape in the header is wrong or bytes were appended; save the array again.");
        }

        return new NpyHeader(dtype, size, shape, dataOffset, byteLength);
    }

    private static (TensorDType Type, int Size) ParseDescr(string path, string what, object? descr)
    {
        if (descr is not string text)
        {
            throw ModelError.InFile(
                ModelErrorCodes.UnsupportedLayout,
                path,
                $"{what} has a structured dtype; only plain numeric arrays are supported. Save each field as its own array.");
        }

        if (text.Length < 2)
        {
            throw Unknown(path, what, text);
        }

        char order = text[0];
        string kind = text[1..];
        (TensorDType Type, int Size)? known = kind switch
        {
            "f8" => (TensorDType.F64, 8),
            "f4" => (TensorDType.F32, 4),
            "f2" => (TensorDType.F16, 2),
            "i8" => (TensorDType.I64, 8),
            "i4" => (TensorDType.I32, 4),
            "i2" => (TensorDType.I16, 2),
            "i1" => (TensorDType.I8, 1),
            "u8" => (TensorDType.U64, 8),
            "u4" => (TensorDType.U32, 4),
            "u2" => (TensorDType.U16, 2),
            "u1" => (TensorDType.U8, 1),
            "b1" => (TensorDType.Bool, 1),
            _ => null,
        };
        if (known is not { } result || order is not ('<' or '>' or '|' or '='))
        {
            throw Unknown(path, what, text);
        }

        bool bigEndian = order == '>' || (order == '=' && !BitConverter.IsLittleEndian);
        if (bigEndian && result.Size > 1)
        {
            throw ModelError.InFile(
                ModelErrorCodes.UnsupportedLayout,
                path,
                $"{what} is big-endian ('{text}'); only little-endian data is supported. Save it with numpy.save(path, a.astype('<{kind}')).");
        }

        return result;
    }

    private static long[] ParseShape(string path, string what, object? shape)
    {
        if (shape is not PythonLiteral.Tuple tuple)
        {
            throw Invalid(path, what, "its shape is not a tuple");
        }

        var result = new long[tuple.Items.Count];
        for (int i = 0; i < result.Length; i++)
        {
            if (tuple.Items[i] is not long dimension)
            {
                throw Invalid(path, what, "its shape holds something other than integers");
            }

            if (dimension < 0)
            {
                throw ModelError.InFile(ModelErrorCodes.InvalidShape, path, $"{what} has a negative dimension in its shape. The array is corrupt.");
            }

            result[i] = dimension;
        }

        return result;
    }

    private static Abstractions.GroupReduceException Invalid(string path, string what, string problem) =>
        ModelError.InFile(ModelErrorCodes.HeaderInvalid, path, $"{what}: {problem}. The .npy header is malformed; save the array again with numpy.save.");

    private static Abstractions.GroupReduceException Unknown(string path, string what, string descr) =>
        ModelError.InFile(
            ModelErrorCodes.UnknownDType,
            path,
            $"{what} has dtype '{descr}', which is not supported (supported: float64/32/16, int64/32/16/8, uint64/32/16/8, bool). Convert it, e.g. a.astype('<f4').");
}
