using System.Globalization;
using GroupReduce.Abstractions;

namespace GroupReduce.Plugins.Frequency;

/// <summary>Refuses frequencies the rules cannot use: every row needs a positive, finite frequency.</summary>
internal static class FrequencyCheck
{
    public static void ThrowIfInvalid(ReadOnlySpan<double> frequencies)
    {
        for (int i = 0; i < frequencies.Length; i++)
        {
            double f = frequencies[i];
            if (!double.IsFinite(f) || f <= 0)
            {
                throw new GroupReduceException(
                    ErrorCodes.NonFiniteInput,
                    $"frequency partitioner: row {i} has frequency {f.ToString(CultureInfo.InvariantCulture)}; every row needs a positive, "
                    + "finite frequency (give words missing from the counts file a count, e.g. with the frequencies' missing-count policy, or check the file for bad numbers)");
            }
        }
    }
}
