using GroupReduce.Abstractions;

namespace GroupReduce.Plugins.Quantizers;

/// <summary>
/// A stored tensor's encoded values live in one array (<c>QuantizedTensor.Data</c>), so they cannot
/// exceed the runtime's largest array; say so plainly instead of failing inside an allocation.
/// </summary>
internal static class EncodedSize
{
    public static int DataBytes(long bytes, int rows, int columns, string quantizer)
    {
        if (bytes > Array.MaxLength)
        {
            throw new GroupReduceException(
                ErrorCodes.QuantizationOverflow,
                FormattableString.Invariant($"{quantizer}: a {rows}x{columns} tensor would take {bytes:N0} bytes, more than one stored tensor can hold ({Array.MaxLength:N0}); ")
                + "use more groups (smaller factors) or a more compact encoding");
        }

        return (int)bytes;
    }
}
