using System.Buffers.Binary;
using System.Text;

namespace GroupReduce.Testing.Models;

/// <summary>Assembles .npy files the way numpy.save lays them out (header padded to 64 bytes, ending in a newline).</summary>
public static class NpyBytes
{
    public static byte[] Build(string descr, long[] shape, byte[] data, bool fortranOrder = false, int major = 1)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {shapeText}, }}";
        return BuildRaw(dict, data, major);
    }

    /// <summary>A .npy with an arbitrary header dictionary text.</summary>
    public static byte[] BuildRaw(string dict, byte[] data, int major = 1)
    {
        int preamble = major == 1 ? 10 : 12;
        Encoding encoding = major >= 3 ? Encoding.UTF8 : Encoding.Latin1;
        int textLength = encoding.GetByteCount(dict) + 1;
        int padding = (64 - ((preamble + textLength) % 64)) % 64;
        byte[] text = encoding.GetBytes(dict + new string(' ', padding) + "\n");
        var bytes = new byte[preamble + text.Length + data.Length];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 }.CopyTo(bytes, 0);
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)text.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)text.Length);
        }

        text.CopyTo(bytes, preamble);
        data.CopyTo(bytes, preamble + text.Length);
        return bytes;
    }
}
