using GroupReduce.Core.LowRank;
using GroupReduce.Core.Reporting;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;
using Xunit.Abstractions;

namespace GroupReduce.Core.Tests.Pipeline;

/// <summary><c>refinement.rescore_margin</c>: later rounds score only the rows whose group can change, and every round reports the rows it scored.</summary>
public sealed class RescoreMarginTests(ITestOutputHelper output)
{
    private const int Rows = 900;

    [Fact]
    public void A_margin_of_0_scores_every_row_every_round_and_the_reports_say_so()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: Rows, seed: 3).Write(folder);

        CompressionReport report = Runs.Compress(folder, Runs.BasicSpec + "refinement:\n  iterations: 4\n  min_moved_fraction: 0\n  rescore_margin: 0\n");

        foreach (PartitionReport partition in report.Partitions)
        {
            Assert.NotEmpty(partition.Refinement);
            Assert.All(partition.Refinement, step => Assert.Equal(Rows, step.RowsScored));
        }

        Assert.Contains("| iteration | rows scored | rows moved | objective |", File.ReadAllText(folder.File("out.gr.report.md")), StringComparison.Ordinal);
        Assert.Contains($"\"rows_scored\": {Rows}", File.ReadAllText(folder.File("out.gr.report.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_margin_scores_fewer_rows_after_the_first_round_and_moves_the_rows_full_scoring_moves()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: Rows, seed: 3).Write(folder);
        CompressionReport full = Runs.Compress(folder, Runs.BasicSpec + "refinement:\n  iterations: 5\n  min_moved_fraction: 0\n  rescore_margin: 0\n", output: "full.gr.safetensors");
        CompressionReport skipping = Runs.Compress(folder, Runs.BasicSpec + "refinement:\n  iterations: 5\n  min_moved_fraction: 0\n", output: "skip.gr.safetensors");

        long fullScored = 0, skippedScored = 0;
        for (int p = 0; p < skipping.Partitions.Count; p++)
        {
            PartitionReport partition = skipping.Partitions[p];
            output.WriteLine($"{partition.Name}: " + string.Join("; ", partition.Refinement.Select(s => $"#{s.Iteration} scored {s.RowsScored} moved {s.MovedRows} objective {s.RelativeObjective:P4} {s.Outcome}"))
                + " | full: " + string.Join("; ", full.Partitions[p].Refinement.Select(s => $"#{s.Iteration} moved {s.MovedRows} objective {s.RelativeObjective:P4}")));

            // The first round has nothing kept: every row, as a full scoring.
            Assert.Equal(Rows, partition.Refinement[0].RowsScored);
            Assert.Equal(full.Partitions[p].Refinement[0].MovedRows, partition.Refinement[0].MovedRows);
            Assert.Equal(full.Partitions[p].Refinement[0].Objective, partition.Refinement[0].Objective);

            double previous = partition.InitialObjective;
            foreach (RefinementStep step in partition.Refinement)
            {
                Assert.True(step.Objective <= previous, $"{partition.Name} iteration {step.Iteration}: {step.Objective} > {previous}");
                Assert.InRange(step.RowsScored, 0, 2 * Rows);
                previous = step.Objective;
            }

            // On this problem what is left unscored changes no decision: the same rows move, to the same objective.
            Assert.Equal(full.Partitions[p].Refinement.Select(s => s.MovedRows), partition.Refinement.Select(s => s.MovedRows));
            Assert.Equal(full.Partitions[p].FinalObjective, partition.FinalObjective, 9);

            fullScored += full.Partitions[p].Refinement.Sum(s => s.RowsScored);
            skippedScored += partition.Refinement.Sum(s => s.RowsScored);
        }

        Assert.Contains(skipping.Partitions, p => p.Refinement.Skip(1).Any(s => s.RowsScored < Rows));
        Assert.True(skippedScored < fullScored, $"{skippedScored} rows scored with the margin, {fullScored} without");
    }

    [Fact]
    public void Held_rows_stay_in_their_group_even_where_another_group_is_better()
    {
        // Three rows, two groups; every row is better off in group 1, and the budget is no constraint.
        float[] errors = [5, 1, 5, 1, 0, 0];
        int[] current = [0, 0, 1];
        double[] rowCost = [1, 1];

        (int[] free, double lambda) = Reassigner.Reassign(errors, current, rowCost, _ => 0, budget: 10, threads: 1);
        (int[] held, _) = Reassigner.Reassign(errors, current, rowCost, _ => 0, budget: 10, threads: 1, held: [true, false, false]);

        Assert.Equal([1, 1, 1], free);
        Assert.Equal(0, lambda);
        Assert.Equal([0, 1, 1], held);
    }

    [Fact]
    public void The_price_of_a_byte_is_positive_when_the_budget_binds()
    {
        // Row 0 would move to the better but dearer group 1; a budget of 2 bytes holds it back.
        float[] errors = [5, 1, 9, 0];
        int[] current = [0, 1];
        double[] rowCost = [1, 2];
        long BytesOf(long[] sizes) => sizes[0] + (2 * sizes[1]);

        (int[] next, double lambda) = Reassigner.Reassign(errors, current, rowCost, BytesOf, budget: 3, threads: 1);

        Assert.Equal([0, 1], next);
        Assert.True(lambda > 0);
    }
}
