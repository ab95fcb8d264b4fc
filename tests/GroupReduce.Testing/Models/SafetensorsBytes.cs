using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace GroupReduce.Testing.Models;

/// <summary>
/// Assembles safetensors files by hand: a u64 header length, the header JSON exactly as given (so tests
/// can write lying headers), then the data bytes.
/// </summary>
public static class SafetensorsBytes
{
    public static byte[] Build(string headerJson, byte[] data)
    {
        byte[] header = Encoding.UTF8.GetBytes(headerJson);
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    /// <summary>One tensor's header entry.</summary>
    public static string Entry(string name, string dtype, long[] shape, long begin, long end) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{begin},{end}]}}");

    /// <summary>A header of the given entries.</summary>
    public static string Header(params string[] entries) => "{" + string.Join(",", entries) + "}";

    /// <summary>A single-F32-tensor file named <c>weight</c>.</summary>
    public static byte[] SingleF32(int rows, int columns, Func<int, float> value)
    {
        float[] values = Enumerable.Range(0, rows * columns).Select(value).ToArray();
        return Build(Header(Entry("weight", "F32", [rows, columns], 0, values.Length * 4)), LittleEndian.Floats(values));
    }
}
