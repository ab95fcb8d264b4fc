namespace GroupReduce.Fuzzing;

/// <summary>A small valid input the mutations start from.</summary>
/// <param name="Name">What it is, for reports.</param>
/// <param name="Bytes">Its bytes.</param>
public sealed record FuzzSeed(string Name, byte[] Bytes);
