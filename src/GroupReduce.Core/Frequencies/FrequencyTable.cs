namespace GroupReduce.Core.Frequencies;

/// <summary>One positive frequency per vocabulary row, and how it was obtained.</summary>
public sealed class FrequencyTable
{
    /// <summary>Creates the table.</summary>
    /// <param name="values">One positive, finite value per row.</param>
    /// <param name="description">How the values were obtained, for the report.</param>
    /// <param name="smoothedRows">Rows that got the smoothing count.</param>
    /// <param name="notes">Other facts for the report (e.g. counts-file tokens the model lacks).</param>
    public FrequencyTable(double[] values, string description, long smoothedRows, IReadOnlyList<string> notes)
    {
        Values = values ?? throw new ArgumentNullException(nameof(values));
        Description = description;
        SmoothedRows = smoothedRows;
        Notes = notes;
    }

    /// <summary>One positive value per row.</summary>
    public double[] Values { get; }

    /// <summary>How the values were obtained.</summary>
    public string Description { get; }

    /// <summary>Rows that got the smoothing count.</summary>
    public long SmoothedRows { get; }

    /// <summary>Rows no text can select (padding past the tokenizer's size, ids without a token), given the smoothing count.</summary>
    public long PaddedRows { get; init; }

    /// <summary>Other facts for the report.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The values scaled so that their mean is 1 (the solver's row weights).</summary>
    /// <returns>A new array.</returns>
    public double[] NormalizedWeights() => NormalizedWeights(1);

    /// <summary>The values raised to <paramref name="power"/> and scaled so that their mean is 1: <c>frequencies.power</c>'s row weights.</summary>
    /// <param name="power">The exponent α of <c>f^α</c>; 1 is the paper's weighting, 0 weights every row alike.</param>
    /// <returns>A new array.</returns>
    public double[] NormalizedWeights(double power)
    {
        var weights = new double[Values.Length];
        double sum = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            // power 1 keeps the values bit for bit, so a spec without the key weighs exactly as before.
            weights[i] = power == 1 ? Values[i] : Math.Pow(Values[i], power);
            sum += weights[i];
        }

        double scale = Values.Length / sum;
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] *= scale;
        }

        return weights;
    }
}
