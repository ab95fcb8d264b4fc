using GroupReduce.Abstractions;
using GroupReduce.Core.Spec.Yaml;

namespace GroupReduce.Core.Spec.Reading;

/// <summary>Reads <c>budget</c>: exactly one of <c>rate</c>, <c>bytes</c>, <c>parameters</c>.</summary>
internal static class BudgetReader
{
    /// <summary>Reads the block.</summary>
    /// <param name="entry">The <c>budget</c> entry.</param>
    /// <returns>The budget, located at its value.</returns>
    public static BudgetSpec Read(SpecEntry entry)
    {
        var reader = new MappingReader(entry.Value, entry.Key.Location, "budget", "rate", "bytes", "parameters");
        SpecEntry? chosen = null;
        foreach (SpecEntry candidate in reader.Entries)
        {
            if (chosen is not null)
            {
                throw new GroupReduceException(
                    SpecErrorCodes.ConflictingBudgets,
                    $"the budget gives both '{chosen.Name}' and '{candidate.Name}'; keep exactly one of rate, bytes, parameters",
                    candidate.Key.Location);
            }

            chosen = candidate;
        }

        if (chosen is null)
        {
            throw new GroupReduceException(
                SpecErrorCodes.MissingKey,
                "'budget' gives no size; add exactly one of 'rate' (e.g. rate: 6.6x), 'bytes' (e.g. bytes: 12MB) or 'parameters' (e.g. parameters: 1.5M)",
                reader.Location);
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
