using GroupReduce.Core.Reporting;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Pipeline;

/// <summary>How ranks are allocated and rows weighted, through the whole engine on a synthetic power-law model.</summary>
public sealed class AllocationTests
{
    private const string NoRefinement = "refinement:\n  iterations: 0\n";

    private const string PaperRule = "partitioner: { name: frequency, options: { allocation: frequency } }\n";

    private const string Spectrum = "partitioner: { name: frequency, options: { allocation: spectrum } }\n";

    /// <summary>The spec with the paper's fit weights (α = 1), the ones the report measures with.</summary>
    private static string WithPower(string spec, double power) =>
        spec.Replace("  source: counts\n", FormattableString.Invariant($"  source: counts\n  power: {power}\n"), StringComparison.Ordinal);

    [Theory]
    [InlineData("independent")]
    [InlineData("shared")]
    public void Spectrum_allocation_leaves_no_more_weighted_error_than_the_papers_rule_at_equal_bytes(string partition)
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 900, seed: 5).Write(folder);
        // With α = 1 the allocation's objective is the reported weighted error, so the two compare like with like.
        string common = WithPower(Runs.BasicSpec, 1) + NoRefinement + $"partition: {partition}\n";

        CompressionReport rule = Runs.Compress(folder, common + PaperRule, output: "rule.gr.safetensors");
        CompressionReport spectrum = Runs.Compress(folder, common + Spectrum, output: "spectrum.gr.safetensors");

        long budget = rule.Result.OriginalBytes / 4;
        Assert.True(spectrum.Result.Bytes <= budget, $"{spectrum.Result.Bytes} > {budget}");
        Assert.True(spectrum.Result.WeightedRelativeError <= rule.Result.WeightedRelativeError, $"spectrum {spectrum.Result.WeightedRelativeError} > rule {rule.Result.WeightedRelativeError}");
        Assert.All(spectrum.Partitions, p => Assert.Contains(p.Notes, n => n.StartsWith("spectrum allocation", StringComparison.Ordinal)));
    }

    [Fact]
    public void Spectrum_allocation_predicts_the_error_it_gets_before_refinement()
    {
        // The allocation reads each group's error from its spectrum; the fitted bases must leave exactly that error.
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 600, seed: 8).Write(folder);

        CompressionReport report = Runs.Compress(folder, Runs.BasicSpec + NoRefinement + Spectrum);

        foreach (PartitionReport partition in report.Partitions)
        {
            string note = partition.Notes.Single(n => n.StartsWith("spectrum allocation", StringComparison.Ordinal));
            string percent = note[(note.IndexOf("predicted weighted error ", StringComparison.Ordinal) + 25)..note.IndexOf('%', StringComparison.Ordinal)];
            double predicted = double.Parse(percent, System.Globalization.CultureInfo.InvariantCulture) / 100;
            Assert.Equal(predicted, partition.FinalObjective / partition.TotalEnergy, 4);
        }
    }

    [Fact]
    public void Refinement_after_spectrum_allocation_never_raises_the_objective()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 700, seed: 9).Write(folder);

        CompressionReport report = Runs.Compress(folder, Runs.BasicSpec + "refinement:\n  iterations: 4\n  min_moved_fraction: 0\n" + Spectrum);

        Assert.All(report.Partitions, p =>
        {
            Assert.NotEmpty(p.Refinement);
            Assert.True(p.FinalObjective <= p.InitialObjective, $"{p.Name}: {p.FinalObjective} > {p.InitialObjective}");
        });
    }

    [Fact]
    public void A_frequency_power_below_one_fits_other_weights_but_reports_the_frequency_weighted_error()
    {
        // Same groups and ranks (refinement off, the paper's rule reads the frequencies themselves): with α = 1 the bases are the
        // best for the frequency-weighted error the report gives, so α = 0.5 can only report as much or more.
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 800, seed: 12).Write(folder);
        string paper = WithPower(Runs.BasicSpec, 1) + NoRefinement + PaperRule;
        string flatter = WithPower(Runs.BasicSpec, 0.5) + NoRefinement + PaperRule;
        Assert.NotEqual(paper, flatter);

        CompressionReport one = Runs.Compress(folder, paper, output: "one.gr.safetensors");
        CompressionReport half = Runs.Compress(folder, flatter, output: "half.gr.safetensors");

        Assert.Equal(one.Result.Bytes, half.Result.Bytes);
        Assert.True(half.Result.WeightedRelativeError > one.Result.WeightedRelativeError, $"α=0.5 {half.Result.WeightedRelativeError} vs α=1 {one.Result.WeightedRelativeError}");
        Assert.True(half.Result.RelativeError < one.Result.RelativeError, $"α=0.5 plain error {half.Result.RelativeError} vs α=1 {one.Result.RelativeError}");
    }
}
