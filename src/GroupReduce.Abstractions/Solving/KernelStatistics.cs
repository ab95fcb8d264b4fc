namespace GroupReduce.Abstractions.Solving;

/// <summary>What one of a solver's heavy kernels did: for benchmarks and the report.</summary>
/// <param name="Name">The kernel (e.g. "gram", "score", "project").</param>
/// <param name="Calls">How many times it ran.</param>
/// <param name="FloatingPointOperations">Useful floating-point operations (a multiply-add counts two).</param>
/// <param name="Elapsed">Wall time inside the kernel.</param>
public readonly record struct KernelStatistics(string Name, long Calls, double FloatingPointOperations, TimeSpan Elapsed)
{
    /// <summary>Billions of floating-point operations per second (0 when nothing ran).</summary>
    public double GigaflopsPerSecond => Elapsed > TimeSpan.Zero ? FloatingPointOperations / Elapsed.TotalSeconds / 1e9 : 0;
}
