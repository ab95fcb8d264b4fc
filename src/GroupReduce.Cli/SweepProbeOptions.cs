using System.CommandLine;
using GroupReduce.Core.Evaluation;
using GroupReduce.Core.Sweep;

namespace GroupReduce.Cli;

/// <summary><c>sweep --tokens</c>: a perplexity column for models of the nplm and gru families.</summary>
internal sealed class SweepProbeOptions
{
    private readonly Option<FileInfo?> _tokens = new("--tokens")
    {
        Description = "A token file (one sentence per line): adds each cell's perplexity, for models of the nplm and gru families (docs/language-model.md).",
    };

    private readonly Option<int?> _maxSentences = new("--max-sentences")
    {
        Description = "With --tokens: score only the first N sentences.",
    };

    /// <summary>The options the probe reads.</summary>
    public Option[] All => [_tokens, _maxSentences];

    /// <summary>Builds the probe when <c>--tokens</c> is given (the original model's perplexity is measured here, once).</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="modelPath">The model.</param>
    /// <returns>The probe, or null.</returns>
    public ISweepQualityProbe? Create(ParseResult parse, string modelPath)
    {
        if (parse.GetValue(_tokens) is not { } tokens)
        {
            return null;
        }

        if (parse.GetValue(_maxSentences) is < 1)
        {
            throw new GroupReduce.Abstractions.GroupReduceException(SweepErrorCodes.InvalidGrid, "--max-sentences must be at least 1", null);
        }

        PerplexityMeter meter = PerplexityMeter.ForTokens(modelPath, tokens.FullName, parse.GetValue(_maxSentences), Environment.ProcessorCount, CancellationToken.None);
        return new PerplexityProbe(meter, $"perplexity ({tokens.Name})");
    }
}
