using System.Text.Json;
using GroupReduce.Abstractions;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Frequencies;
using GroupReduce.Core.Models;
using GroupReduce.Core.Spec;
using GroupReduce.Runtime;

namespace GroupReduce.Core.Evaluation;

/// <summary>
/// <c>groupreduce eval</c>: measures an artifact against the model it was made from — reconstruction errors
/// per matrix and group always, exact perplexity for the repository's model families (nplm, gru) on a token file, and
/// softmax calibration on exported hidden states for any model.
/// </summary>
public static class Evaluator
{
    // The artifact's key style, as the compress report uses.
    private static readonly JsonSerializerOptions Json = new(ArtifactWriter.JsonOptions) { WriteIndented = true };

    /// <summary>Runs the evaluation.</summary>
    /// <param name="request">What to measure.</param>
    /// <param name="observer">Receives progress lines.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The report.</returns>
    public static EvaluationReport Run(EvaluationRequest request, IRunObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(observer);
        using ModelFile original = ModelFileReader.Open(request.ModelPath);
        using ModelFile artifactFile = ModelFileReader.Open(request.ArtifactPath);
        if (ArtifactReader.OnnxArtifactError(artifactFile, "eval") is { } onnx)
        {
            throw onnx;
        }

        (ArtifactManifest manifest, string specText) = ArtifactReader.TryRead(artifactFile) ?? throw new GroupReduceException(
            ModelErrorCodes.CorruptArtifact,
            $"'{artifactFile.Path}' is not a GroupReduce artifact (no manifest); give the file 'groupreduce compress' wrote",
            SourceLocation.OfFile(artifactFile.Path));
        using CompressedModel artifact = ArtifactOpener.Open(artifactFile.Path);

        // Everything that can be wrong with the request is checked before the long measurements start.
        if ((request.HiddenPath is null) != (request.NextPath is null))
        {
            throw new GroupReduceException(EvaluationErrorCodes.CalibrationDataInvalid, "softmax calibration needs both --hidden (N x h hidden states) and --next (N next-token ids)", null);
        }

        ILanguageModel? languageModel = request.TokensPath is null ? null : LanguageModels.Load(original);
        TokenCorpus? corpus = languageModel?.ReadCorpus(request.TokensPath!, request.MaxSentences);
        var notes = new List<string>();
        string hash = InputHash.OfFile(original.Path, cancellationToken);
        if (hash != manifest.Input.Hash)
        {
            notes.Add($"the model's content differs from the file the artifact was made from ('{manifest.Input.File}', {manifest.Input.Hash}); errors compare against this model");
        }

        CompressionSpec spec = request.SpecPath is { } specPath
            ? SpecLoader.Load(specPath)
            : SpecLoader.Parse(specText, Path.Combine(Path.GetDirectoryName(original.Path) ?? ".", "groupreduce.yaml (recorded in " + Path.GetFileName(artifactFile.Path) + ")"));
        var tables = new Dictionary<long, FrequencyTable>();
        var frequencyContext = new FrequencyContext(request.ModelPath, cancellationToken);
        FrequencyTable Table(long rows)
        {
            if (!tables.TryGetValue(rows, out FrequencyTable? table))
            {
                table = FrequencyResolver.Resolve(spec.Frequencies, rows, original.Vocabulary, null, frequencyContext);
                tables[rows] = table;
            }

            return table;
        }

        observer.Info("measuring reconstruction errors");
        IReadOnlyList<MatrixEvaluation> matrices = ReconstructionEvaluator.Evaluate(original, artifactFile, manifest, artifact, rows => Table(rows).NormalizedWeights(), request.MaxDegreeOfParallelism, cancellationToken);
        string frequencies = string.Join("; ", tables.Values.Select(t => t.Description).Distinct());

        LanguageModelEvaluation? language = null;
        if (languageModel is { } model && corpus is not null)
        {
            observer.Info($"perplexity on {corpus.Sentences.Count:N0} sentences ({corpus.Predictions:N0} predictions) of {Path.GetFileName(corpus.Path)}");
            PerplexityResult before = model.Perplexity(corpus, request.MaxDegreeOfParallelism, cancellationToken, new StageProgress(observer, "scoring predictions, original model", corpus.Predictions));
            PerplexityResult after = model.Perplexity(corpus, artifact, request.MaxDegreeOfParallelism, cancellationToken, new StageProgress(observer, "scoring predictions, compressed model", corpus.Predictions));
            language = new LanguageModelEvaluation(corpus.Path, corpus.Sentences.Count, corpus.Predictions, corpus.UnknownTokens, before.Perplexity, after.Perplexity);
        }

        CalibrationResult? calibration = null;
        if (request.HiddenPath is not null && request.NextPath is not null)
        {
            observer.Info("softmax calibration");
            calibration = SoftmaxCalibration.Run(original, artifact, request.HiddenPath, request.NextPath, request.Softmax, request.Bias, request.MaxDegreeOfParallelism, cancellationToken, observer, "scoring hidden states, original and compressed softmax");
        }

        return new EvaluationReport(original.Path, artifactFile.Path, manifest.Method, manifest.Quantization, manifest.OriginalBytes, manifest.CompressedBytes, frequencies, matrices, language, calibration, notes);
    }

    /// <summary>The report as indented JSON (snake_case keys, like the artifact's manifest).</summary>
    /// <param name="report">The report.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(EvaluationReport report) => JsonSerializer.Serialize(report, Json);
}
