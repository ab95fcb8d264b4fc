using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using GroupReduce.Core.Models;

namespace GroupReduce.Core.Export;

/// <summary>
/// The header numpy.save writes: <c>\x93NUMPY</c>, version 1.0 (2.0 when the text does not fit 65,535 bytes), the
/// header length, then <c>{'descr': …, 'fortran_order': False, 'shape': (…), }</c> padded with spaces and a newline so the
/// data starts at a multiple of 64.
/// </summary>
internal static class NpyArrayHeader
{
    /// <summary>
    /// The NumPy type string of a safetensors dtype. NumPy has no bfloat16: BF16 is written as <c>&lt;f4</c>, widened
    /// exactly (see <see cref="BFloat16Widening"/>).
    /// </summary>
    /// <param name="dtype">A safetensors dtype name.</param>
    /// <returns>The descr, little-endian.</returns>
    public static string Descr(string dtype) => dtype switch
    {
        SafetensorsDType.F64 => "<f8",
        SafetensorsDType.F32 or SafetensorsDType.BF16 => "<f4",
        SafetensorsDType.F16 => "<f2",
        SafetensorsDType.I64 => "<i8",
        SafetensorsDType.I32 => "<i4",
        SafetensorsDType.I16 => "<i2",
        SafetensorsDType.I8 => "|i1",
        SafetensorsDType.U64 => "<u8",
        SafetensorsDType.U32 => "<u4",
        SafetensorsDType.U16 => "<u2",
        SafetensorsDType.U8 => "|u1",
        SafetensorsDType.Bool => "|b1",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "not a safetensors dtype"),
    };

    /// <summary>Builds the header bytes.</summary>
    /// <param name="descr">The NumPy type string.</param>
    /// <param name="shape">The shape (C order).</param>
    /// <returns>Everything before the data.</returns>
    public static byte[] Build(string descr, IReadOnlyList<long> shape)
    {
        string dims = shape.Count switch
        {
            0 => "()",
            1 => string.Create(CultureInfo.InvariantCulture, $"({shape[0]},)"),
            _ => "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
        };
        string dictionary = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {dims}, }}";
        int textBytes = Encoding.Latin1.GetByteCount(dictionary) + 1;
        bool wide = 10 + textBytes + 63 > ushort.MaxValue;
        int preamble = wide ? 12 : 10;
        int padding = (64 - ((preamble + textBytes) % 64)) % 64;
        byte[] text = Encoding.Latin1.GetBytes(dictionary + new string(' ', padding) + "\n");
        byte[] header = new byte[preamble + text.Length];
        ReadOnlySpan<byte> magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
        magic.CopyTo(header);
        header[6] = wide ? (byte)2 : (byte)1;
        header[7] = 0;
        if (wide)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)text.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)text.Length);
        }

        text.CopyTo(header, preamble);
        return header;
    }
}
