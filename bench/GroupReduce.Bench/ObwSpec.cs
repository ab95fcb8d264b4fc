using System.Globalization;

namespace GroupReduce.Bench;

/// <summary>The OBW job's spec (issue 15): both matrices, Zipf frequencies, the options' rate, groups, rounds and solver.</summary>
internal static class ObwSpec
{
    /// <summary>Writes the spec to <paramref name="path"/>.</summary>
    /// <param name="path">Where.</param>
    /// <param name="options">Rate, groups, iterations, threads, solver, quantizer.</param>
    /// <param name="partition"><c>shared</c>, <c>independent</c> or <c>best</c>.</param>
    /// <param name="report">Whether the CLI writes its JSON and Markdown report beside the artifact.</param>
    public static void Write(string path, BenchOptions options, string partition, bool report) =>
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"""
            version: 1
            matrices: [embedding, softmax]
            frequencies:
              source: zipf
              exponent: 1.0
            budget:
              rate: {options.Rate}x
            groups: {options.Groups}
            partition: {partition}
            refinement:
              iterations: {options.Iterations}
              min_moved_fraction: 0
            solver:
              name: {options.Solver}
              options:
                threads: {options.Threads}{(options.Solver == "ilgpu" ? $"\n    accelerator: {options.Accelerator}" : string.Empty)}
            quantizer: {options.Quantizer}
            output:
              report: {(report ? "true" : "false")}
            """));
}
