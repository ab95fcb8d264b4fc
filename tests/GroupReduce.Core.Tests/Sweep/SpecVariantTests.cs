using System.Reflection;
using GroupReduce.Abstractions.Options;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Sweep;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Sweep;

public sealed class SpecVariantTests
{
    private static readonly string[] Replaced = [nameof(CompressionSpec.Method), nameof(CompressionSpec.Budget), nameof(CompressionSpec.Quantizer), nameof(CompressionSpec.Auto), nameof(CompressionSpec.Baselines), nameof(CompressionSpec.SourceText)];

    [Fact]
    public void A_cell_spec_keeps_every_other_setting_of_the_sweeps_spec()
    {
        CompressionSpec spec = Load("quantizer: { name: int8, options: { block: 32 } }\nbaselines: [svd, prune]\nmethod: weighted-svd\n");

        CompressionSpec cell = SpecVariant.Derive(spec, new SweepCell(CompressionMethod.Svd, SweepBudget.Bytes(90_000), "int4"));

        // Reflection, so that a property added to the spec later and not copied fails here.
        foreach (PropertyInfo property in typeof(CompressionSpec).GetProperties().Where(p => !Replaced.Contains(p.Name)))
        {
            object? expected = property.GetValue(spec);
            if (property.PropertyType.IsValueType)
            {
                Assert.Equal(expected, property.GetValue(cell));
            }
            else
            {
                Assert.Same(expected, property.GetValue(cell));
            }
        }

        Assert.Equal(CompressionMethod.Svd, cell.Method.Value);
        Assert.Empty(cell.Baselines);
        Assert.Equal((BudgetKind.Bytes, 90_000d, spec.Budget.Location), (cell.Budget.Kind, cell.Budget.Value, cell.Budget.Location));
        Assert.Equal("int4", cell.Quantizer.Name.Value);
        Assert.Empty(cell.Quantizer.Options.Entries);
        Assert.StartsWith(spec.SourceText.TrimEnd('\n') + "\n# groupreduce sweep: cell svd-90000B-int4: made with method svd, budget 90000B, quantizer int4", cell.SourceText, StringComparison.Ordinal);
    }

    [Fact]
    public void The_specs_own_quantizer_keeps_its_options_and_none_is_plain_float32()
    {
        CompressionSpec spec = Load("quantizer: { name: int8, options: { block: 32 } }\n");

        PluginReference same = SpecVariant.Derive(spec, new SweepCell(CompressionMethod.GroupReduce, SweepBudget.Rate(4), "int8")).Quantizer;
        PluginReference none = SpecVariant.Derive(spec, new SweepCell(CompressionMethod.GroupReduce, SweepBudget.Rate(4), "none")).Quantizer;

        Assert.Same(spec.Quantizer, same);
        Assert.Equal("block", Assert.Single(same.Options.Entries).Key);
        Assert.Equal("float", none.Name.Value);
        Assert.Equal(Array.Empty<OptionEntry>(), none.Options.Entries);
    }

    [Fact]
    public void An_auto_cell_keeps_the_specs_encodings_or_takes_the_default_ones()
    {
        CompressionSpec listed = Load("quantizer: { name: auto, options: { encodings: [bf16, int8] } }\n");
        CompressionSpec int8 = Load("quantizer: int8\n");

        CompressionSpec same = SpecVariant.Derive(listed, new SweepCell(CompressionMethod.GroupReduce, SweepBudget.Rate(4), "auto"));
        CompressionSpec fresh = SpecVariant.Derive(int8, new SweepCell(CompressionMethod.GroupReduce, SweepBudget.Rate(4), "auto"));
        CompressionSpec plain = SpecVariant.Derive(listed, new SweepCell(CompressionMethod.GroupReduce, SweepBudget.Rate(4), "int4"));

        Assert.Equal(["bf16", "int8"], same.Auto!.Encodings.Select(e => e.Label));
        Assert.Equal(["f16", "int8", "int4"], fresh.Auto!.Encodings.Select(e => e.Label));
        Assert.Null(plain.Auto);
    }

    [Fact]
    public void Quantization_alone_gets_a_budget_of_the_original_size()
    {
        CompressionSpec spec = Load(string.Empty);

        CompressionSpec cell = SpecVariant.Derive(spec, new SweepCell(CompressionMethod.Quantize, null, "int8"));

        Assert.Equal((BudgetKind.Rate, 1d), (cell.Budget.Kind, cell.Budget.Value));
    }

    private static CompressionSpec Load(string extra)
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 50, columns: 4).Write(folder);
        string path = folder.File("groupreduce.yaml");
        File.WriteAllText(path, Runs.BasicSpec + extra);
        return SpecLoader.Load(path);
    }
}
