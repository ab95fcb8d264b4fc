using System.Text.RegularExpressions;
using GroupReduce.Cli;
using GroupReduce.Fuzzing.Mutations;

namespace GroupReduce.Fuzzing.Targets;

/// <summary>
/// <c>groupreduce inspect FILE</c> (and <c>--json</c>), run in process through the real command line: exit 0 or a
/// GR error with exit 1 is fine; exit 2 (internal error) or an escaping exception is a defect.
/// </summary>
public sealed class InspectTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "inspect";

    /// <inheritdoc />
    public override InputShape Shape => InputShape.JsonHeader;

    /// <inheritdoc />
    protected override string InputFileName => "lm.gr.safetensors";

    /// <inheritdoc />
    protected override FuzzOutcome Exercise(string path, string folder)
    {
        FuzzOutcome verdict = FuzzOutcome.Accepted;
        foreach (string[] args in new[] { new[] { "inspect", path }, ["inspect", path, "--json"] })
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            int code = CliApplication.Run(args, output, error);
            string message = error.ToString();
            if (code == 2 || (code != 0 && !message.Contains("error GR2", StringComparison.Ordinal)))
            {
                string first = message.Split('\n', 2)[0];
                return FuzzOutcome.Defect($"inspect exit {code}: {Normalize(first)}", message);
            }

            if (code != 0)
            {
                verdict = FuzzOutcome.TypedError(Regex.Match(message, "GR2[0-9]{3}").Value);
            }
        }

        return verdict;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<FuzzSeed> CreateSeeds() => [.. ArtifactSeeds.All, new FuzzSeed("plain model", ArtifactSeeds.Model)];

    // The first line of an internal error names the exception; its numbers vary by input, its words name the defect.
    private static string Normalize(string line) => new(line.Where(c => !char.IsDigit(c)).Take(160).ToArray());
}
