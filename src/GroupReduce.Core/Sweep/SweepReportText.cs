using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using GroupReduce.Core.Artifacts;

namespace GroupReduce.Core.Sweep;

/// <summary>
/// What the sweep's and the search's (Tuning's) report writers share: the JSON options and the way a cell's or a
/// trial's figures are written in the Markdown table, so the two reports read alike.
/// </summary>
internal static class SweepReportText
{
    /// <summary>Indented JSON in the artifact manifest's key style, enums as snake-case words.</summary>
    public static readonly JsonSerializerOptions Json = new(ArtifactWriter.JsonOptions)
    {
        WriteIndented = true,
        // A probe or a trial may measure an infinite perplexity; JSON has no number for it, so it is written as "Infinity".
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Status(SweepCellStatus status) => status == SweepCellStatus.Infeasible ? "infeasible" : status == SweepCellStatus.Failed ? "failed" : "done";

    /// <summary>A byte count with thousands separators, or a dash when there is none.</summary>
    public static string Count(long? bytes) => bytes is { } b ? b.ToString("N0", CultureInfo.InvariantCulture) : "–";

    /// <summary>A compression rate such as <c>6.6x</c>, or a dash.</summary>
    public static string Rate(double? rate) => rate is { } r ? r.ToString("0.##", CultureInfo.InvariantCulture) + "x" : "–";

    /// <summary>A measured quality (a perplexity) to three decimals at most, or a dash.</summary>
    public static string Quality(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "–";

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
