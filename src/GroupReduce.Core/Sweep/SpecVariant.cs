using GroupReduce.Abstractions.Options;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Sweep;

/// <summary>A sweep cell's spec: the sweep's spec with its method, budget and quantizer replaced and its baselines dropped.</summary>
internal static class SpecVariant
{
    /// <summary>The plugin that stores float32 factors: what the sweep calls quantizer <c>none</c>.</summary>
    public const string FloatQuantizer = "float";

    /// <summary>
    /// Quantization alone is not steered by a budget; a 1x budget (the original size) keeps the engine from
    /// warning that the quantizer missed a budget nobody asked for.
    /// </summary>
    private static readonly SweepBudget QuantizeOnlyBudget = SweepBudget.Rate(1);

    public static CompressionSpec Derive(CompressionSpec spec, SweepCell cell)
    {
        SweepBudget budget = cell.Budget ?? QuantizeOnlyBudget;
        return spec.Derive(
            budget: new BudgetSpec { Kind = budget.Kind, Value = budget.Value, Location = spec.Budget.Location },
            method: new SpecValue<CompressionMethod>(cell.Method, spec.Method.Location),
            quantizer: Quantizer(spec.Quantizer, cell.Quantizer),
            baselines: [],
            note: $"groupreduce sweep: cell {cell.Name}: made with method {cell.MethodName}, budget {cell.BudgetLabel}, quantizer {cell.Quantizer} and no baselines, replacing the values above");
    }

    /// <summary>The plugin name a sweep quantizer stands for.</summary>
    public static string PluginName(string quantizer) => quantizer == SweepArguments.NoQuantizer ? FloatQuantizer : quantizer;

    private static PluginReference Quantizer(PluginReference written, string quantizer)
    {
        // The spec's own options apply when the sweep names the spec's quantizer (an int8 block size, a
        // codebook's bits); 'none' is always plain float32, whatever the spec's float dtype.
        if (quantizer != SweepArguments.NoQuantizer && written.Name.Value == quantizer)
        {
            return written;
        }

        return new PluginReference
        {
            Name = new SpecValue<string>(PluginName(quantizer), written.Location),
            Options = new OptionMapping([], written.Location),
            Location = written.Location,
        };
    }
}
