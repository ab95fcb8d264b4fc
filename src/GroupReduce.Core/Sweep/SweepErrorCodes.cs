namespace GroupReduce.Core.Sweep;

/// <summary>Errors of <c>groupreduce sweep</c>'s grid (GR1220–GR1229, inside the pipeline range GR12xx).</summary>
public static class SweepErrorCodes
{
    /// <summary>
    /// A grid option is invalid: an empty list, an unknown method or quantizer, a rate not above 1, a byte
    /// count that is not a positive whole number, or a value listed twice.
    /// </summary>
    public const string InvalidGrid = "GR1220";

    /// <summary>A warning: no font was found (SkiaSharp's Linux build reads /usr/share/fonts), so the plots were drawn without text.</summary>
    public const string PlotsWithoutText = "GR1221";

    /// <summary>
    /// The sweep's plots cannot be drawn here: SkiaSharp's or HarfBuzz's native library is missing for this platform
    /// (the tool carries them for <see cref="Plots.PlotSupport.SupportedPlatforms"/>). Run with <c>--no-plots</c>.
    /// </summary>
    public const string PlotsUnavailable = "GR1222";
}
