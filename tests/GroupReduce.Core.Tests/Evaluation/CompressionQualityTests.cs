using GroupReduce.Core.Evaluation;
using GroupReduce.Core.Models;
using GroupReduce.Core.Spec;
using GroupReduce.Runtime;

namespace GroupReduce.Core.Tests.Evaluation;

/// <summary>What compression costs in perplexity on the repository's trained model, measured exactly.</summary>
public sealed class CompressionQualityTests(BrownModel brown) : IClassFixture<BrownModel>
{
    [Fact]
    public void At_equal_bytes_GroupReduce_keeps_a_lower_perplexity_than_plain_svd()
    {
        (double original, double groupReduce) = Perplexity(brown.DefaultPartition.Path);
        (_, double svd) = Perplexity(brown.Svd.Path);

        // Equal budgets: both within 6.6x. SVD's bytes move in steps of one rank of the whole matrix
        // ((rows + columns) x 4 bytes, 5% of this budget), so it may use up to a step less.
        long budget = (long)(brown.DefaultPartition.Report.Result.OriginalBytes / 6.6);
        long step = (10_706 + 128) * 4L * 2;
        Assert.InRange(brown.DefaultPartition.Report.Result.Bytes, budget - step, budget);
        Assert.InRange(brown.Svd.Report.Result.Bytes, budget - step, budget);

        Assert.True(groupReduce < svd, $"GroupReduce {groupReduce:0.00} vs SVD {svd:0.00} (original {original:0.00})");
        Assert.True(original < groupReduce);
    }

    [Fact]
    public void The_default_partition_is_the_one_measured_better_on_this_model()
    {
        // The spec's default (no 'partition' key) is independent grouping; on this model it beats shared.
        Assert.Equal(PartitionMode.Independent, SpecLoader.Parse("version: 1\nmatrices: [a]\nfrequencies: { source: uniform }\nbudget: { rate: 2x }\n", Path.Combine(brown.Folder.Path, "x.yaml")).Partition.Value);
        Assert.Equal(2, brown.DefaultPartition.Report.Partitions.Count);
        Assert.Single(brown.Shared.Report.Partitions);

        (_, double independent) = Perplexity(brown.DefaultPartition.Path);
        (_, double shared) = Perplexity(brown.Shared.Path);

        Assert.True(independent < shared, $"independent {independent:0.00} vs shared {shared:0.00}");
        Assert.True(brown.DefaultPartition.Report.Result.WeightedRelativeError < brown.Shared.Report.Result.WeightedRelativeError);
    }

    private (double Original, double Compressed) Perplexity(string artifactPath)
    {
        using ModelFile file = ModelFileReader.Open(brown.Model);
        NplmModel model = NplmModel.Load(file);
        TokenCorpus corpus = model.ReadCorpus(Path.Combine(brown.Folder.Path, "valid.txt"), BrownModel.Sentences);
        using CompressedModel artifact = CompressedModel.Open(artifactPath);
        return (model.Perplexity(corpus, 2, CancellationToken.None).Perplexity, model.Perplexity(corpus, artifact, 2, CancellationToken.None).Perplexity);
    }
}
