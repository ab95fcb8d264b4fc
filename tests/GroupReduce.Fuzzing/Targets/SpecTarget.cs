using GroupReduce.Core.Spec;
using GroupReduce.Fuzzing.Mutations;

namespace GroupReduce.Fuzzing.Targets;

/// <summary>The YAML compression spec, loaded from its file as every front door loads it.</summary>
public sealed class SpecTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "spec";

    /// <inheritdoc />
    public override InputShape Shape => InputShape.Text;

    /// <inheritdoc />
    protected override string InputFileName => "groupreduce.yaml";

    /// <inheritdoc />
    protected override FuzzOutcome Exercise(string path, string folder)
    {
        CompressionSpec spec = SpecLoader.Load(path);
        _ = spec.Matrices.Count;
        return FuzzOutcome.Accepted;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<FuzzSeed> CreateSeeds() =>
    [
        Seed("basic", """
            version: 1
            model: lm.safetensors
            matrices:
              - encoder.weight
              - tensor: decoder.weight
                tied: [lm_head.weight]
            frequencies:
              source: counts
              path: counts.tsv
              vocabulary: vocab.txt
              missing: smooth
              smoothing: 0.5
            budget:
              rate: 6.6x
            groups: 10
            partition: shared
            refinement:
              iterations: 3
            quantizer: int8
            baselines: [svd, weighted-svd, prune]
            """),
        Seed("plugins and options", """
            version: 1
            matrices: [a]
            frequencies: { source: zipf, exponent: 1.1 }
            budget: { bytes: 2 MiB }
            groups: 4
            partitioner: frequency
            solver: { name: cpu, sha256: 0000000000000000000000000000000000000000000000000000000000000000 }
            quantizer: { name: codebook, options: { bits: 4, iterations: 10 } }
            plugins: { paths: [plugins, ../more] }
            output: { path: out/lm.gr.safetensors }
            """),
        Seed("quality target with anchors", """
            version: 1
            matrices: &m [emb, soft]
            frequencies: &f
              source: uniform
            budget:
              target: { perplexity_increase: 2%, tokens: valid.txt }
            groups: 6
            refinement: { iterations: 0 }
            """),
        Seed("calibration and weights", """
            version: 1
            matrices: [embedding.weight, softmax.weight]
            frequencies: { source: counts, path: counts.tsv, power: 0.7 }
            budget: { rate: 10x }
            partitioner: { name: frequency, options: { allocation: frequency, power: 0.5 } }
            calibration:
              tokens: valid.txt
              max_sentences: 100
              embedding: false
              epsilon: 1
            """),
        Seed("calibration by hidden states", """
            version: 1
            matrices: [lm_head.weight]
            frequencies: { source: uniform }
            budget: { parameters: 1.5M }
            calibration: { hidden: h.npy, matrix: lm_head.weight, epsilon: 0.001 }
            """),
    ];

    /// <inheritdoc />
    protected override bool IsExpectedCode(string code) => code.StartsWith("GR1", StringComparison.Ordinal);

    private static FuzzSeed Seed(string name, string text) => new(name, System.Text.Encoding.UTF8.GetBytes(text + "\n"));
}
