namespace Contoso.GroupReduce.Solver;

/// <summary>Standard normal samples (Box–Muller) for the test matrices; <see cref="Random"/> with a seed is reproducible.</summary>
internal static class Gaussian
{
    public static double Next(Random random)
    {
        double u = 1.0 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }
}
