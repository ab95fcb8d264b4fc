namespace GroupReduce.Core.Spec;

/// <summary>What to do with NaN or infinite values in an input matrix.</summary>
public enum NonFinitePolicy
{
    /// <summary>Stop with an error naming the tensor, row and column.</summary>
    Error,

    /// <summary>Treat them as zero and report how many there were.</summary>
    Zero,
}
