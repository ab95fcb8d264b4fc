using System.Buffers.Binary;
using System.Runtime.InteropServices;
using GroupReduce.Core.Models.Matrices;
using GroupReduce.Runtime.Kernels;

namespace GroupReduce.Core.Tests.Models;

/// <summary>
/// Every vector path of the element decoders that this machine runs (512, 256, 128 and scalar) decodes every bit
/// pattern exactly as a plain scalar conversion does, at every length that leaves a different tail to each path.
/// </summary>
public sealed class ElementDecoderPathTests
{
    private static readonly int[] Lengths = [0, 1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1000];

    // Paths by name: the enum is internal, and a public test method may not take it.
    public static TheoryData<string> SupportedPaths() => new(VectorPaths.Supported.Select(path => path.ToString()));

    [Theory]
    [MemberData(nameof(SupportedPaths))]
    public void Every_forced_path_decodes_bfloat16_float16_float32_and_float64_as_the_scalar_reference(string pathName)
    {
        VectorPath path = Enum.Parse<VectorPath>(pathName);
        var random = new Random(11);
        foreach (int length in Lengths)
        {
            ushort[] halves = [.. Enumerable.Range(0, length).Select(_ => (ushort)random.Next(0x10000))];
            byte[] halfBytes = MemoryMarshal.AsBytes(halves.AsSpan()).ToArray();
            Check(BFloat16Decoder.Instance.Decode, halfBytes, [.. halves.Select(h => BitConverter.UInt32BitsToSingle((uint)h << 16))], path, "bfloat16");
            Check(Float16Decoder.Instance.Decode, halfBytes, [.. halves.Select(h => (float)BitConverter.UInt16BitsToHalf(h))], path, "float16");

            uint[] singles = [.. Enumerable.Range(0, length).Select(_ => (uint)random.NextInt64(1L << 32))];
            Check(Float32Decoder.Instance.Decode, MemoryMarshal.AsBytes(singles.AsSpan()).ToArray(), [.. singles.Select(BitConverter.UInt32BitsToSingle)], path, "float32");

            // Random bit patterns: overflow to infinity, float subnormals and NaNs all come up.
            double[] doubles = [.. Enumerable.Range(0, length).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)))];
            Check(Float64Decoder.Instance.Decode, MemoryMarshal.AsBytes(doubles.AsSpan()).ToArray(), [.. doubles.Select(d => (float)d)], path, "float64");
        }
    }

    [Theory]
    [MemberData(nameof(SupportedPaths))]
    public void Every_forced_path_decodes_q8_0_blocks_as_the_scalar_reference(string pathName)
    {
        VectorPath path = Enum.Parse<VectorPath>(pathName);
        var random = new Random(13);
        for (int blocks = 0; blocks <= 5; blocks++)
        {
            var bytes = new byte[blocks * Q8_0Decoder.Bytes];
            var expected = new float[blocks * Q8_0Decoder.Elements];
            for (int b = 0; b < blocks; b++)
            {
                Span<byte> block = bytes.AsSpan(b * Q8_0Decoder.Bytes, Q8_0Decoder.Bytes);
                random.NextBytes(block);
                float scale = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(block));
                for (int j = 0; j < Q8_0Decoder.Elements; j++)
                {
                    expected[(b * Q8_0Decoder.Elements) + j] = scale * (sbyte)block[2 + j];
                }
            }

            Check(Q8_0Decoder.Instance.Decode, bytes, expected, path, "q8_0");
        }
    }

    private delegate void Decoder(ReadOnlySpan<byte> source, Span<float> destination, VectorPath path);

    private static void Check(Decoder decode, byte[] source, float[] expected, VectorPath path, string kind)
    {
        var actual = new float[expected.Length];
        decode(source, actual, path);
        for (int i = 0; i < expected.Length; i++)
        {
            // NaN payloads may differ between a vector and a scalar conversion; any NaN stands for a NaN.
            bool same = BitConverter.SingleToUInt32Bits(actual[i]) == BitConverter.SingleToUInt32Bits(expected[i]) || (float.IsNaN(actual[i]) && float.IsNaN(expected[i]));
            Assert.True(same, $"{kind} on {path}, {expected.Length} values, element {i}: {actual[i]} vs {expected[i]}");
        }
    }
}
