using System.Text.Json;

namespace GroupReduce.Bench;

/// <summary>
/// The figures the comparison prints, read from a CLI's JSON report by name and leniently: the baseline may be an
/// older CLI whose report lacks a field (<c>rows_scored</c>), which then reads as null and prints as n/a.
/// </summary>
internal sealed record CliReport(
    IReadOnlyList<(string Stage, double Seconds)> Stages,
    IReadOnlyList<CliKernel> Kernels,
    IReadOnlyList<CliPartition> Partitions,
    double? WeightedRelativeError,
    double? Rate,
    long? Bytes,
    string? SolverDevice)
{
    public static CliReport Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        var stages = Array(root, "timings").Select(t => (String(t, "stage") ?? "?", Number(t, "seconds") ?? 0)).ToList();
        var kernels = Array(root, "kernels")
            .Select(k => new CliKernel(String(k, "name") ?? "?", (long)(Number(k, "calls") ?? 0), Number(k, "gflop") ?? 0, Number(k, "seconds") ?? 0, Number(k, "gflops_per_second") ?? 0))
            .ToList();
        var partitions = Array(root, "partitions")
            .Select(p => new CliPartition(
                String(p, "name") ?? "?",
                Number(p, "initial_objective"),
                Array(p, "refinement").Select(s => new CliRound(
                    (int)(Number(s, "iteration") ?? 0),
                    (long?)Number(s, "moved_rows"),
                    (long?)Number(s, "rows_scored"),
                    Number(s, "objective"),
                    Number(s, "relative_objective"),
                    String(s, "outcome"),
                    Number(s, "seconds"))).ToList()))
            .ToList();
        JsonElement result = root.TryGetProperty("result", out JsonElement r) ? r : default;
        string? device = Array(root, "plugins").Where(p => String(p, "kind") == "solver").Select(p => String(p, "device")).FirstOrDefault();
        return new CliReport(stages, kernels, partitions, Number(result, "weighted_relative_error"), Number(result, "rate"), (long?)Number(result, "bytes"), device);
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().ToList()
            : [];

    private static double? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : null;

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
