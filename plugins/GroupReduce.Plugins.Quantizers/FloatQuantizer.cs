using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.Plugins.Quantizers;

/// <summary>Float32, float16 or bfloat16 storage with round-to-nearest-even.</summary>
internal sealed class FloatQuantizer : IQuantizer
{
    // Magnitudes from these on round to infinity: the midpoints between each format's largest
    // finite value and the next power of two, which ties-to-even sends upwards.
    private static readonly float Float16Limit = MathF.BitDecrement(65520f);
    private static readonly float BFloat16Limit = MathF.BitDecrement(BitConverter.Int32BitsToSingle(0x7F7F8000));

    private readonly int _maxDegreeOfParallelism;

    public FloatQuantizer(QuantizationScheme scheme, int maxDegreeOfParallelism)
    {
        Scheme = scheme;
        _maxDegreeOfParallelism = maxDegreeOfParallelism;
    }

    public QuantizationScheme Scheme { get; }

    public string Describe() => Scheme switch
    {
        QuantizationScheme.Float16 => "float16 (round to nearest even)",
        QuantizationScheme.BFloat16 => "bfloat16 (round to nearest even)",
        _ => "float32",
    };

    public long TensorBytes(long rows, int columns) => QuantizedTensor.EncodedBytes(Scheme, rows, columns);

    public unsafe QuantizedTensor Quantize(ReadOnlySpan<float> values, int rows, int columns)
    {
        InputShape.Check(values, rows, columns);

        int size = EncodedSize.DataBytes(TensorBytes(rows, columns), rows, columns, "float quantizer");
        CheckRange(values, rows, columns);

        // Every byte is written below.
        byte[] data = GC.AllocateUninitializedArray<byte>(size);
        if (Scheme == QuantizationScheme.Float32)
        {
            if (BitConverter.IsLittleEndian)
            {
                MemoryMarshal.AsBytes(values).CopyTo(data);
            }
            else
            {
                for (int i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), values[i]);
                }
            }

            return QuantizedTensor.CreateFloat(Scheme, rows, columns, data);
        }

        fixed (float* source = values)
        {
            nint sourceAddress = (nint)source;
            bool half = Scheme == QuantizationScheme.Float16;
            RowChunks.Run(rows, columns, _maxDegreeOfParallelism, (start, end) =>
            {
                var input = new ReadOnlySpan<float>((float*)sourceAddress + ((long)start * columns), (end - start) * columns);
                Span<byte> output = data.AsSpan((int)((long)start * columns * 2), input.Length * 2);
                if (half)
                {
                    HalfEncoding.EncodeHalf(input, output);
                }
                else
                {
                    HalfEncoding.EncodeBFloat16(input, output);
                }
            });
        }

        return QuantizedTensor.CreateFloat(Scheme, rows, columns, data);
    }

    private void CheckRange(ReadOnlySpan<float> values, int rows, int columns)
    {
        float limit = Scheme switch
        {
            QuantizationScheme.Float16 => Float16Limit,
            QuantizationScheme.BFloat16 => BFloat16Limit,
            _ => float.MaxValue,
        };
        long index = ValueScan.FindFirstInvalid(values, limit);
        if (index < 0)
        {
            return;
        }

        float value = values[(int)index];
        if (!float.IsFinite(value))
        {
            throw ValueScan.NonFinite(value, index, rows, columns, "float quantizer");
        }

        string fix = Scheme == QuantizationScheme.Float16
            ? "its largest finite value is 65504; use 'dtype: bf16' (same size, float32's range) or 'dtype: f32'"
            : "it exceeds bfloat16's largest finite value; use 'dtype: f32'";
        throw new GroupReduceException(
            ErrorCodes.QuantizationOverflow,
            $"float quantizer: the value {value.ToString("R", CultureInfo.InvariantCulture)} at {ValueScan.Place(index, rows, columns)} "
            + $"does not fit {Describe()}: {fix}");
    }
}
