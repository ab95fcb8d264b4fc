using GroupReduce.Abstractions.Options;

namespace Contoso.GroupReduce.Solver;

/// <summary>The validated options of <c>contoso-rsvd</c>.</summary>
/// <param name="Oversampling">Sketch columns beyond the rank (<c>p</c>); more is more accurate and slower.</param>
/// <param name="PowerIterations">Passes of <c>Aᵀ W A</c> applied to the sketch (<c>q</c>); each sharpens a slowly decaying spectrum.</param>
/// <param name="Seed">Seed of the Gaussian test matrices; the same seed gives the same bases.</param>
internal sealed record RsvdOptions(int Oversampling, int PowerIterations, long Seed)
{
    /// <summary>Halko et al. suggest 5–10 extra columns; 10 keeps the error close to the optimum for small ranks.</summary>
    public const int DefaultOversampling = 10;

    /// <summary>Two power iterations make the result nearly exact on embedding spectra at a modest cost.</summary>
    public const int DefaultPowerIterations = 2;

    /// <summary>The default seed.</summary>
    public const long DefaultSeed = 424242;

    /// <summary>Reads and validates the option block: a bad value or unknown key points at its line in the spec.</summary>
    /// <param name="options">The spec's options.</param>
    /// <returns>The options.</returns>
    public static RsvdOptions Parse(PluginOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int oversampling = options.GetInt32("oversampling", DefaultOversampling, 0, 1024);
        int powerIterations = options.GetInt32("power_iterations", DefaultPowerIterations, 0, 64);
        long seed = options.GetInt64("seed", DefaultSeed, 0, long.MaxValue);
        options.EnsureNoUnknownKeys();
        return new RsvdOptions(oversampling, powerIterations, seed);
    }
}
