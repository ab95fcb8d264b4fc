using GroupReduce.Abstractions;
using GroupReduce.Core.Spec.Yaml;

namespace GroupReduce.Core.Spec.Reading;

/// <summary>Reads <c>budget</c>: exactly one of <c>rate</c>, <c>bytes</c>, <c>parameters</c>, <c>target</c>.</summary>
internal static class BudgetReader
{
    /// <summary>Reads the block.</summary>
    /// <param name="entry">The <c>budget</c> entry.</param>
    /// <param name="paths">Resolves the target's data files.</param>
    /// <returns>The budget, located at its value.</returns>
    public static BudgetSpec Read(SpecEntry entry, SpecPaths paths)
    {
        var reader = new MappingReader(entry.Value, entry.Key.Location, "budget", "rate", "bytes", "parameters", "target");
        SpecEntry? chosen = null;
        foreach (SpecEntry candidate in reader.Entries)
        {
            if (chosen is not null)
            {
                throw new GroupReduceException(
                    SpecErrorCodes.ConflictingBudgets,
                    $"the budget gives both '{chosen.Name}' and '{candidate.Name}'; keep exactly one of rate, bytes, parameters, target",
                    candidate.Key.Location);
            }

            chosen = candidate;
        }

        if (chosen is null)
        {
            throw new GroupReduceException(
                SpecErrorCodes.MissingKey,
                "'budget' gives no size; add exactly one of 'rate' (e.g. rate: 6.6x), 'bytes' (e.g. bytes: 12MB), 'parameters' (e.g. parameters: 1.5M) or 'target' (e.g. target: { weighted_error: 8% })",
                reader.Location);
        }

        if (chosen.Name == "target")
        {
            QualityTargetSpec target = QualityTargetReader.Read(chosen, paths);
            return new BudgetSpec { Kind = BudgetKind.Target, Value = target.Limit.Value, Location = chosen.Key.Location, Target = target };
        }

        string path = reader.PathOf(chosen.Name);
        SpecScalar value = ValueReader.Scalar(chosen.Value, path, chosen.Name switch
        {
            "rate" => "a rate greater than 1 such as 6.6x",
            "bytes" => "a byte size such as 12MB",
            _ => "a parameter count such as 1.5M",
        });

        (BudgetKind kind, double amount) = chosen.Name switch
        {
            "rate" => (BudgetKind.Rate, BudgetText.ParseRate(value.Value, value.Location)),
            "bytes" => (BudgetKind.Bytes, BudgetText.ParseBytes(value.Value, value.Location)),
            _ => (BudgetKind.Parameters, BudgetText.ParseParameters(value.Value, value.Location)),
        };
        return new BudgetSpec { Kind = kind, Value = amount, Location = value.Location };
    }
}
