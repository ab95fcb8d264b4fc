using GroupReduce.Fuzzing;

namespace GroupReduce.Bench.Fuzz;

/// <summary>What one target's run found.</summary>
internal sealed class TargetTally(string target)
{
    public string Target { get; } = target;

    public long Inputs { get; set; }

    public long Accepted { get; set; }

    public long Typed { get; set; }

    public long Untyped { get; set; }

    public long Hangs { get; set; }

    public long OverAllocations { get; set; }

    public long MaxAllocatedBytes { get; set; }

    public long MaxInputBytes { get; set; }

    public double Seconds { get; set; }

    public Dictionary<string, long> Defects { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> Codes { get; } = new(StringComparer.Ordinal);

    public void Add(FuzzOutcome outcome)
    {
        Inputs++;
        switch (outcome.Kind)
        {
            case OutcomeKind.Accepted:
                Accepted++;
                break;
            case OutcomeKind.Typed:
                Typed++;
                Codes[outcome.Code!] = Codes.GetValueOrDefault(outcome.Code!) + 1;
                break;
            default:
                Untyped++;
                Defects[outcome.Signature!] = Defects.GetValueOrDefault(outcome.Signature!) + 1;
                break;
        }
    }
}
