using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using GroupReduce.Abstractions;

namespace GroupReduce.Core.Sweep.Plots;

/// <summary>
/// Whether this machine can draw the sweep's plots: SkiaSharp and HarfBuzz load native libraries, which the groupreduce
/// tool carries for <see cref="SupportedPlatforms"/> only. Checked before the first cell, so a sweep that cannot draw
/// stops before any work instead of after it.
/// </summary>
/// <remarks>
/// Only the sweep reaches this class and the plot classes; no other command loads ScottPlot, SkiaSharp or HarfBuzz, so
/// every other command works on a platform without the native libraries.
/// </remarks>
public static class PlotSupport
{
    /// <summary>The platforms whose native plot libraries the tool package carries (docs/packages.md).</summary>
    public const string SupportedPlatforms = "linux-x64, linux-arm64, osx-x64, osx-arm64, win-x64 and win-arm64";

    /// <summary>Loads the native libraries the plots need, or says why they cannot be drawn here.</summary>
    /// <exception cref="GroupReduceException">GR1222 when a native library is missing or cannot load on this platform.</exception>
    public static void EnsureAvailable() => EnsureAvailable(LoadNativeLibraries);

    /// <summary>Runs <paramref name="load"/> and turns a failed load (a native library, or the managed SkiaSharp/HarfBuzz assembly) into GR1222.</summary>
    /// <param name="load">Touches the native libraries.</param>
    /// <exception cref="GroupReduceException">GR1222 when <paramref name="load"/> fails to load a native library.</exception>
    internal static void EnsureAvailable(Action load)
    {
        try
        {
            load();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or TypeInitializationException or FileNotFoundException or FileLoadException)
        {
            Exception cause = e is TypeInitializationException { InnerException: { } inner } ? inner : e;

            // The loader's message goes on to list every path it probed, a line each: the first sentence says enough.
            string reason = cause.Message.Split('\n')[0];
            int end = reason.IndexOf(". ", StringComparison.Ordinal);
            reason = (end < 0 ? reason : reason[..end]).Trim().TrimEnd('.');
            throw new GroupReduceException(
                SweepErrorCodes.PlotsUnavailable,
                $"the sweep's plots cannot be drawn on this platform ({RuntimeInformation.RuntimeIdentifier}): {reason}. "
                + $"The groupreduce tool carries the plots' native libraries (SkiaSharp, HarfBuzz) for {SupportedPlatforms} only; "
                + "run the sweep with --no-plots (the table, sweep.json and every artifact are still written), or on one of those platforms",
                innerException: e);
        }
    }

    // Kept out of line so that the SkiaSharp and HarfBuzz types are resolved only when the check runs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LoadNativeLibraries()
    {
        using (var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(1, 1)))
        {
            GC.KeepAlive(surface);
        }

        using var buffer = new HarfBuzzSharp.Buffer();
        GC.KeepAlive(buffer);
    }
}
