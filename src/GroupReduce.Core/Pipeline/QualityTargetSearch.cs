using System.Diagnostics;
using GroupReduce.Abstractions;
using GroupReduce.Core.Evaluation;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Pipeline;

/// <summary>
/// A budget given as quality (<c>budget: { target: … }</c>): compresses at a series of rates, measures each
/// artifact, and keeps the smallest that meets the target. Quality falls as the rate rises, so the search
/// brackets the boundary by doubling or halving from 4x and then bisects it geometrically; every trial is
/// a real compression and a real measurement, and the artifact written is the trial that was measured.
/// </summary>
internal static class QualityTargetSearch
{
    // Below this rate the matrices barely shrink; a target missed here is out of reach.
    private const double LowestRate = 1.25;

    private const double StartRate = 4;

    // Stop bisecting once the bracket is this narrow: rates closer than 2% are the same choice.
    private const double Resolution = 1.02;

    /// <summary>
    /// Runs the search: every trial is a <see cref="CompressionEngine.Stage"/>, never a whole run, so the search cannot come
    /// back to the front door (<see cref="CompressionEngine.Run"/>), which commits the trial chosen.
    /// </summary>
    /// <param name="request">The request; its spec's budget is a target.</param>
    /// <param name="ledger">The run's input hashes, shared by every trial (the model is hashed once).</param>
    /// <param name="observer">Receives progress.</param>
    /// <param name="cancellationToken">Stops the search; no trial file is left behind.</param>
    /// <returns>The chosen trial, staged and not committed, its report with the search attached.</returns>
    public static StagedRun Search(CompressionRequest request, InputLedger ledger, IRunObserver observer, CancellationToken cancellationToken)
    {
        QualityTargetSpec target = request.Spec.Budget.Target!;
        if (request.DryRun)
        {
            throw new GroupReduceException(SpecErrorCodes.InvalidTarget, "a quality target is met by compressing and measuring, which a dry run does not do; remove --dry-run, or give 'budget: { rate: … }' to plan a size", request.Spec.Budget.Location);
        }

        bool perplexity = target.Measure.Value == QualityMeasure.PerplexityIncrease;
        PerplexityMeter? meter = !perplexity ? null : target.Tokens is { } tokens
            ? PerplexityMeter.ForTokens(request.ModelPath, tokens.Value, target.MaxSentences?.Value, request.MaxDegreeOfParallelism, cancellationToken, observer)
            : PerplexityMeter.ForCalibration(request.ModelPath, target.Hidden!.Value, target.Next!.Value, target.Softmax?.Value, request.MaxDegreeOfParallelism);
        string measure = perplexity ? "perplexity_increase" : "weighted_error";
        observer.Info($"target: {measure} ≤ {target.Limit.Value:P2}{(meter is null ? string.Empty : $" on {meter.Data}")}; searching rates up to {target.MaxRate.Value:0.##}x in at most {target.Trials.Value} compressions");

        // Perplexity is measured on the artifact GroupReduce.Runtime reads: an ONNX output's trials are staged as that
        // artifact, and the chosen rate is compressed once more (deterministically, to the same factors) as the ONNX model.
        string trialOutput = meter is not null && OutputNames.IsOnnx(request.OutputPath) ? Path.ChangeExtension(request.OutputPath, ".safetensors") : request.OutputPath;
        CompressionRequest TrialRequest(double rate, string output) => new()
        {
            Spec = request.Spec.Derive(
                budget: new BudgetSpec { Kind = BudgetKind.Rate, Value = rate, Location = request.Spec.Budget.Location },
                baselines: [],
                writeReports: false,
                note: $"groupreduce compress: budget.target {measure} <= {target.Limit.Value:P2}: this artifact was compressed at rate {rate:0.####}x"),
            ModelPath = request.ModelPath,
            OutputPath = output,
            MaxDegreeOfParallelism = request.MaxDegreeOfParallelism,
            IncludeBuiltInPlugins = request.IncludeBuiltInPlugins,
            AdditionalPluginPaths = request.AdditionalPluginPaths,
        };

        var trials = new List<QualityTrial>();
        // Each trial that meets the target stays staged (a temporary file beside the output) until the search chooses.
        var files = new Dictionary<double, (StagedRun Run, double Value)>();
        double? originalPerplexity = meter?.Original is { } o && double.IsFinite(o) ? o : null;
        try
        {
            (bool Met, double Value) Try(double rate)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var watch = Stopwatch.StartNew();
                int number = trials.Count + 1;
                string trial = $"trial {number}/{target.Trials.Value} at {rate:0.##}x";
                observer.Info($"target: {trial}: compressing");
                StagedRun run = CompressionEngine.Stage(TrialRequest(rate, trialOutput), ledger, new TrialObserver(observer, trial), cancellationToken);
                CompressionReport report = run.Report;
                double value;
                try
                {
                    if (meter is null)
                    {
                        value = report.Result.WeightedRelativeError ?? double.NaN;
                    }
                    else
                    {
                        (double original, double compressed) = meter.Measure(run.Artifact!.TemporaryPath, cancellationToken, observer, $"{trial}: scoring predictions");
                        originalPerplexity ??= original;
                        value = compressed / original - 1;
                    }
                }
                catch
                {
                    run.Dispose();
                    throw;
                }

                bool met = value <= target.Limit.Value;
                trials.Add(new QualityTrial(report.Result.Rate, report.Result.Bytes, value, met, watch.Elapsed.TotalSeconds));
                observer.Info($"target: trial {trials.Count}: {report.Result.Rate:0.##}x, {measure} {value:P2} — {(met ? "meets" : "misses")} the target ({watch.Elapsed.TotalSeconds:0.0} s)");
                if (met)
                {
                    files[rate] = (run, value);
                }
                else
                {
                    run.Dispose();
                }

                return (met, value);
            }

            double? good = null;
            double? bad = null;
            double rate = Math.Min(StartRate, target.MaxRate.Value);
            while (trials.Count < target.Trials.Value)
            {
                (bool met, double value) = Try(rate);
                if (met)
                {
                    good = rate;
                    if (rate >= target.MaxRate.Value)
                    {
                        break;
                    }

                    if (bad is null)
                    {
                        rate = Math.Min(rate * 2, target.MaxRate.Value);
                        continue;
                    }
                }
                else
                {
                    bad = rate;
                    if (good is null)
                    {
                        if (rate <= LowestRate)
                        {
                            throw new GroupReduceException(
                                SpecErrorCodes.InvalidTarget,
                                $"the target {measure} ≤ {target.Limit.Value:P2} is out of reach: even at {rate:0.##}x the {measure} is {value:P2}. Loosen the target, raise 'groups', or use a finer quantizer",
                                target.Limit.Location);
                        }

                        rate = Math.Max(rate / 2, LowestRate);
                        continue;
                    }
                }

                if (bad!.Value / good!.Value <= Resolution)
                {
                    break;
                }

                rate = Math.Sqrt(good.Value * bad.Value);
            }

            if (good is null)
            {
                throw new GroupReduceException(
                    SpecErrorCodes.InvalidTarget,
                    $"no rate tried within {target.Trials.Value} compressions met {measure} ≤ {target.Limit.Value:P2} (the lowest tried, {trials.Min(t => t.Rate):0.##}x, gave {trials.OrderBy(t => t.Rate).First().Value:P2}); allow more 'trials' or loosen the target",
                    target.Limit.Location);
            }

            (StagedRun chosenRun, double chosenValue) = files[good.Value];
            if (trialOutput != request.OutputPath)
            {
                observer.Info($"target: compressing the chosen {good.Value:0.##}x once more as {Path.GetFileName(request.OutputPath)}");
                StagedRun written = CompressionEngine.Stage(TrialRequest(good.Value, request.OutputPath), ledger, new TrialObserver(observer, $"final at {good.Value:0.##}x"), cancellationToken);
                chosenRun.Dispose();
                files[good.Value] = (chosenRun = written, chosenValue);
            }

            CompressionReport chosen = chosenRun.Report;
            var search = new QualitySearchReport(measure, target.Limit.Value, meter?.Data ?? string.Empty, originalPerplexity, trials, chosen.Result.Rate, chosenValue);
            CompressionReport final = chosen with
            {
                Spec = request.Spec.SourcePath,
                Artifact = chosen.Artifact! with { Path = request.OutputPath },
                Search = search,
                Notes = [.. chosen.Notes, $"quality target {measure} ≤ {target.Limit.Value:P2}: {chosen.Result.Rate:0.##}x measured {chosenValue:P2}, the smallest of {trials.Count} compressions tried that meets it"],
            };
            observer.Info($"target: chose {chosen.Result.Rate:0.##}x ({measure} {chosenValue:P2}) after {trials.Count} compressions");

            // Handed over to the caller, which commits or drops it: the cleanup below must not delete it.
            files.Remove(good.Value);
            return new StagedRun(final, chosenRun.Artifact);
        }
        finally
        {
            foreach ((StagedRun run, _) in files.Values)
            {
                run.Dispose();
            }
        }
    }

    /// <summary>
    /// Passes a trial's warnings and its stages' progress through, each stage named for its trial (a trial's stage names
    /// repeat in every trial), but not its info lines: the search prints one line as each trial starts and one as it ends.
    /// </summary>
    private sealed class TrialObserver(IRunObserver inner, string trial) : IRunObserver
    {
        public void Info(string message)
        {
        }

        public void Warning(string code, string message, SourceLocation? location) => inner.Warning(code, message, location);

        public void Progress(string stage, long done, long total) => inner.Progress($"{trial}: {stage}", done, total);
    }
}
