using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.Core.Storage;

/// <summary>A quantizer's output, its encoded values moved to the spool: the scheme, scales and codebook stay in memory (they are small).</summary>
internal sealed class EncodedPart
{
    private EncodedPart(QuantizedTensor tensor, TensorSpool spool, long offset)
    {
        Scheme = tensor.Scheme;
        Rows = tensor.Rows;
        Columns = tensor.Columns;
        Bits = tensor.Bits;
        BlockSize = tensor.BlockSize;
        BlocksPerRow = tensor.BlocksPerRow;
        RowBytes = tensor.RowBytes;
        Scales = tensor.Scales;
        ScaleType = tensor.ScaleType;
        Codebook = tensor.Codebook;
        DataLength = tensor.Data.LongLength;
        Spool = spool;
        Offset = offset;
    }

    public QuantizationScheme Scheme { get; }

    public int Rows { get; }

    public int Columns { get; }

    public int Bits { get; }

    public int BlockSize { get; }

    public int BlocksPerRow { get; }

    public int RowBytes { get; }

    public float[] Scales { get; }

    public ScaleType ScaleType { get; }

    public float[] Codebook { get; }

    public long DataLength { get; }

    private TensorSpool Spool { get; }

    private long Offset { get; }

    public static EncodedPart Store(QuantizedTensor tensor, TensorSpool spool) => new(tensor, spool, spool.Append(tensor.Data));

    public void WriteData(Stream destination) => Spool.CopyTo(Offset, DataLength, destination);
}
