using GroupReduce.Abstractions;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Models;
using GroupReduce.Runtime;

namespace GroupReduce.Core.Evaluation;

/// <summary>
/// Measures artifacts of one model on fixed data: a model of a family eval runs (<c>nplm</c>, <c>gru</c>) on a token file, or any model's
/// softmax on exported hidden states. The original's perplexity is computed once; each artifact's on demand.
/// </summary>
public sealed class PerplexityMeter
{
    private readonly string _modelPath;
    private readonly ILanguageModel? _model;
    private readonly TokenCorpus? _corpus;
    private readonly (string Hidden, string Next, string? Softmax)? _calibration;
    private readonly int _threads;

    private PerplexityMeter(string modelPath, ILanguageModel? model, TokenCorpus? corpus, (string, string, string?)? calibration, double original, string data, int threads)
    {
        _modelPath = modelPath;
        _model = model;
        _corpus = corpus;
        _calibration = calibration;
        Original = original;
        Data = data;
        _threads = threads;
    }

    /// <summary>The original model's perplexity on the data.</summary>
    public double Original { get; }

    /// <summary>What the perplexity is measured on, in words.</summary>
    public string Data { get; }

    /// <summary>A meter on a token file, for a model of a family eval runs (<c>nplm</c> or <c>gru</c>, docs/language-model.md).</summary>
    /// <param name="modelPath">The original model.</param>
    /// <param name="tokensPath">The token file.</param>
    /// <param name="maxSentences">Only the first this many sentences; null for all.</param>
    /// <param name="threads">Threads to use.</param>
    /// <param name="cancellationToken">Stops the original's measurement.</param>
    /// <param name="observer">Receives the progress of the original's measurement (the predictions scored); null for none.</param>
    /// <returns>The meter.</returns>
    public static PerplexityMeter ForTokens(string modelPath, string tokensPath, int? maxSentences, int threads, CancellationToken cancellationToken, IRunObserver? observer = null)
    {
        using ModelFile file = ModelFileReader.Open(modelPath);
        ILanguageModel model = LanguageModels.Load(file);
        TokenCorpus corpus = model.ReadCorpus(tokensPath, maxSentences);
        IProgress<long>? progress = observer is null ? null : new StageProgress(observer, "scoring predictions, original model", corpus.Predictions);
        double original = model.Perplexity(corpus, threads, cancellationToken, progress).Perplexity;
        return new PerplexityMeter(file.Path, model, corpus, null, original, $"{Path.GetFileName(tokensPath)} ({corpus.Predictions:N0} predictions)", threads);
    }

    /// <summary>A meter on exported hidden states and next tokens (softmax calibration), for any model.</summary>
    /// <param name="modelPath">The original model.</param>
    /// <param name="hiddenPath">Hidden states (<c>.npy</c>, N x h).</param>
    /// <param name="nextPath">Next tokens (<c>.npy</c>, N).</param>
    /// <param name="softmax">The softmax tensor, or null to choose by width.</param>
    /// <param name="threads">Threads to use.</param>
    /// <returns>The meter; its original perplexity is known after the first measurement.</returns>
    public static PerplexityMeter ForCalibration(string modelPath, string hiddenPath, string nextPath, string? softmax, int threads)
    {
        using ModelFile hidden = ModelFileReader.Open(hiddenPath);
        return new PerplexityMeter(Path.GetFullPath(modelPath), null, null, (hiddenPath, nextPath, softmax), double.NaN, $"{Path.GetFileName(hiddenPath)} ({(hidden.Tensors.Count == 1 && hidden.Tensors[0].Shape.Count == 2 ? hidden.Tensors[0].Shape[0] : 0):N0} hidden states)", threads);
    }

    /// <summary>The perplexity with an artifact's compressed matrices.</summary>
    /// <param name="artifactPath">An artifact made from the model.</param>
    /// <param name="cancellationToken">Stops the measurement.</param>
    /// <param name="observer">Receives the measurement's progress (the predictions or hidden states scored) as <paramref name="stage"/>; null for none.</param>
    /// <param name="stage">The stage name the progress is shown under.</param>
    /// <returns>The original's and the artifact's perplexity.</returns>
    public (double Original, double Compressed) Measure(string artifactPath, CancellationToken cancellationToken, IRunObserver? observer = null, string stage = "scoring predictions, compressed model")
    {
        using (CompressedModel artifact = ArtifactOpener.Open(artifactPath))
        {
            if (_model is not null)
            {
                IProgress<long>? progress = observer is null ? null : new StageProgress(observer, stage, _corpus!.Predictions);
                return (Original, _model.Perplexity(_corpus!, artifact, _threads, cancellationToken, progress).Perplexity);
            }

            (string hidden, string next, string? softmax) = _calibration!.Value;
            using ModelFile original = ModelFileReader.Open(_modelPath);
            CalibrationResult result = SoftmaxCalibration.Run(original, artifact, hidden, next, softmax, null, _threads, cancellationToken, observer, stage);
            return (result.OriginalPerplexity, result.CompressedPerplexity);
        }
    }
}
