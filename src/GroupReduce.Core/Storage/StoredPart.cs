using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.Core.Storage;

/// <summary>One row range of a stored block, encoded by the quantizer.</summary>
/// <param name="FirstRow">The part's first row within its block.</param>
/// <param name="Rows">Rows in the part.</param>
/// <param name="Bytes">Encoded bytes.</param>
/// <param name="Encoded">The encoding, its values in the spool; null for baselines, which only report sizes and errors.</param>
internal sealed record StoredPart(long FirstRow, int Rows, long Bytes, EncodedPart? Encoded)
{
    public static StoredPart Of(long firstRow, QuantizedTensor tensor, TensorSpool? spool) =>
        new(firstRow, tensor.Rows, tensor.Bytes, spool is null ? null : EncodedPart.Store(tensor, spool));
}
