using System.Globalization;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.Plugins.Quantizers;

/// <summary>
/// Symmetric integer quantization with one scale per block of columns:
/// <c>q = round(x / scale)</c> in <c>[−qmax, qmax]</c>, <c>qmax = 2^(bits−1) − 1</c>, <c>scale ≈ max|x| / qmax</c>.
/// </summary>
internal sealed class IntegerQuantizer : IQuantizer
{
    private const float LargestHalf = 65504f;

    private readonly string _name;
    private readonly int? _block;
    private readonly int _maxDegreeOfParallelism;

    /// <param name="name">The component name, for messages.</param>
    /// <param name="bits">Bits per value, 2 to 8.</param>
    /// <param name="block">Columns per scale, or <see langword="null"/> for one scale per row.</param>
    /// <param name="scaleType">How scales are stored.</param>
    /// <param name="maxDegreeOfParallelism">Threads to use.</param>
    public IntegerQuantizer(string name, int bits, int? block, ScaleType scaleType, int maxDegreeOfParallelism)
    {
        _name = name;
        Bits = bits;
        _block = block;
        ScaleType = scaleType;
        _maxDegreeOfParallelism = maxDegreeOfParallelism;
    }

    public int Bits { get; }

    public ScaleType ScaleType { get; }

    private int QMax => (1 << (Bits - 1)) - 1;

    public string Describe()
    {
        string blocks = _block is { } block ? $"{block}-column blocks" : "one scale per row";
        string scales = ScaleType == ScaleType.Float16 ? "float16 scales" : "float32 scales";
        return $"{_name}, symmetric, {blocks}, {scales}";
    }

    /// <summary>The block size used for a tensor of <paramref name="columns"/> columns: a block wider than the row is the whole row.</summary>
    public int BlockFor(int columns) => Math.Clamp(_block ?? columns, 1, Math.Max(columns, 1));

    public long TensorBytes(long rows, int columns) =>
        QuantizedTensor.EncodedBytes(QuantizationScheme.Integer, rows, columns, Bits, BlockFor(columns), ScaleType);

    public unsafe QuantizedTensor Quantize(ReadOnlySpan<float> values, int rows, int columns)
    {
        InputShape.Check(values, rows, columns);

        int size = EncodedSize.DataBytes((long)rows * BitPacking.RowBytes(columns, Bits), rows, columns, _name);
        CheckRange(values, rows, columns);
        int bits = Bits;
        int qmax = QMax;
        ScaleType scaleType = ScaleType;
        int block = BlockFor(columns);
        int blocksPerRow = (columns + block - 1) / block;
        int rowBytes = BitPacking.RowBytes(columns, bits);
        // Every byte is written below.
        byte[] data = GC.AllocateUninitializedArray<byte>(size);
        float[] scales = new float[(long)rows * blocksPerRow];
        fixed (float* source = values)
        {
            nint sourceAddress = (nint)source;
            RowChunks.Run(rows, columns, _maxDegreeOfParallelism, (start, end) =>
            {
                int[] q = new int[columns];
                for (int row = start; row < end; row++)
                {
                    var x = new ReadOnlySpan<float>((float*)sourceAddress + ((long)row * columns), columns);
                    for (int b = 0; b < blocksPerRow; b++)
                    {
                        int from = b * block;
                        int length = Math.Min(block, columns - from);
                        ReadOnlySpan<float> slice = x.Slice(from, length);
                        float scale = ScaleRounding.Choose(SymmetricBlockKernel.MaxAbs(slice), qmax, scaleType);
                        scales[((long)row * blocksPerRow) + b] = scale;
                        SymmetricBlockKernel.Quantize(slice, scale, qmax, q.AsSpan(from, length));
                    }

                    RowPacker.Pack(q, bits, data.AsSpan((int)((long)row * rowBytes), rowBytes));
                }
            });
        }

        return QuantizedTensor.CreateInteger(rows, columns, bits, block, data, scales, scaleType);
    }

    private void CheckRange(ReadOnlySpan<float> values, int rows, int columns)
    {
        // A float16 scale reaches at most 65504, so it covers magnitudes up to 65504·qmax (exact in float).
        float limit = ScaleType == ScaleType.Float16 ? LargestHalf * QMax : float.MaxValue;
        long index = ValueScan.FindFirstInvalid(values, limit);
        if (index < 0)
        {
            return;
        }

        float value = values[(int)index];
        if (!float.IsFinite(value))
        {
            throw ValueScan.NonFinite(value, index, rows, columns, _name);
        }

        throw new GroupReduceException(
            ErrorCodes.QuantizationOverflow,
            $"{_name}: the value {value.ToString("R", CultureInfo.InvariantCulture)} at {ValueScan.Place(index, rows, columns)} "
            + $"needs a scale above 65504, the largest float16; use 'scale: f32' (float16 scales cover magnitudes up to {limit.ToString(CultureInfo.InvariantCulture)})");
    }
}
