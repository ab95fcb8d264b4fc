using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.Plugins.Quantizers;

/// <summary>Writes one row of small integers in the <see cref="BitPacking"/> layout, with direct paths for 8 and 4 bits.</summary>
internal static class RowPacker
{
    public static void Pack(ReadOnlySpan<int> values, int bits, Span<byte> row)
    {
        switch (bits)
        {
            case 8:
                for (int j = 0; j < values.Length; j++)
                {
                    row[j] = (byte)values[j];
                }

                break;
            case 4:
                int pairs = values.Length / 2;
                for (int p = 0; p < pairs; p++)
                {
                    row[p] = (byte)((values[2 * p] & 0xF) | ((values[(2 * p) + 1] & 0xF) << 4));
                }

                if ((values.Length & 1) != 0)
                {
                    row[pairs] = (byte)(values[^1] & 0xF);
                }

                break;
            default:
                BitPacking.PackRow(values, bits, row);
                break;
        }
    }
}
