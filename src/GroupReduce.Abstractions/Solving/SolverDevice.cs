namespace GroupReduce.Abstractions.Solving;

/// <summary>What a solver runs on, for the report.</summary>
/// <param name="Kind">"cpu", "cuda", "opencl", …</param>
/// <param name="Name">The device's name.</param>
/// <param name="MemoryBytes">Device memory in bytes, or 0 when not meaningful.</param>
/// <param name="Parallelism">Threads or compute units used.</param>
public sealed record SolverDevice(string Kind, string Name, long MemoryBytes, int Parallelism);
