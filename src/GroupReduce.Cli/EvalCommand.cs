using System.CommandLine;
using System.Globalization;
using GroupReduce.Core.Evaluation;
using GroupReduce.Core.Reporting;
using Spectre.Console;

namespace GroupReduce.Cli;

/// <summary><c>groupreduce eval</c>: how much an artifact differs from its model — errors, perplexity, softmax calibration.</summary>
internal static class EvalCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Argument<FileInfo>("model") { Description = "The original model the artifact was made from." };
        var artifact = new Argument<FileInfo>("artifact") { Description = "The artifact (groupreduce compress output)." };
        var spec = new Option<FileInfo?>("--spec", "-s") { Description = "The spec whose frequencies weight the errors (default: the spec recorded in the artifact, its paths read beside the model)." };
        var tokens = new Option<FileInfo?>("--tokens") { Description = "A token file (one sentence per line): exact perplexity, original vs compressed, for models of the nplm and gru families (docs/language-model.md)." };
        var maxSentences = new Option<int?>("--max-sentences") { Description = "Score only the first N sentences of the token file." };
        var hidden = new Option<FileInfo?>("--hidden") { Description = "Softmax calibration for any model: final hidden states exported from it (.npy, N x h)." };
        var next = new Option<FileInfo?>("--next") { Description = "The next-token ids for --hidden (.npy, N integers)." };
        var softmax = new Option<string?>("--softmax") { Description = "The softmax tensor for calibration (default: the compressed matrix as wide as the hidden states)." };
        var bias = new Option<string?>("--bias") { Description = "Its bias tensor (default: <prefix>.bias when the model has it; \"\" for none)." };
        Option<int?> threads = CommonOptions.Threads();
        var outputPath = new Option<FileInfo?>("--output", "-o") { Description = "Also write the report as JSON to this file." };
        Option<bool> json = CommonOptions.Json("Print the report as JSON on stdout instead of tables.");
        Option<bool> verbose = CommonOptions.Verbose();
        maxSentences.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, System.Globalization.CultureInfo.InvariantCulture, out int value) && value < 1)
            {
                result.AddError("--max-sentences must be at least 1");
            }
        });

        var command = new Command("eval", "Measure an artifact against its model: weighted reconstruction error per matrix and group, bytes and rate; perplexity on a token file (nplm and gru models); softmax calibration on exported hidden states (any model).")
        {
            model, artifact, spec, tokens, maxSentences, hidden, next, softmax, bias, threads, outputPath, json, verbose,
        };
        command.SetAction((parse, cancellationToken) => Task.Run(() => ErrorReporter.Run(
            () =>
            {
                var request = new EvaluationRequest
                {
                    ModelPath = parse.GetValue(model)!.FullName,
                    ArtifactPath = parse.GetValue(artifact)!.FullName,
                    SpecPath = parse.GetValue(spec)?.FullName,
                    TokensPath = parse.GetValue(tokens)?.FullName,
                    MaxSentences = parse.GetValue(maxSentences),
                    HiddenPath = parse.GetValue(hidden)?.FullName,
                    NextPath = parse.GetValue(next)?.FullName,
                    Softmax = parse.GetValue(softmax),
                    Bias = parse.GetValue(bias),
                    MaxDegreeOfParallelism = parse.ThreadCount(threads),
                };
                bool asJson = parse.GetValue(json);
                EvaluationReport report = ProgressDisplay.Run(error, quiet: false, observer => Evaluator.Run(request, observer, cancellationToken));
                string text = Evaluator.ToJson(report);
                if (parse.GetValue(outputPath) is { } file)
                {
                    File.WriteAllText(file.FullName, text + Environment.NewLine);
                }

                if (asJson)
                {
                    output.WriteLine(text);
                }
                else
                {
                    Print(report, Terminal.For(output));
                }

                return ExitCodes.Ok;
            },
            error,
            parse.GetValue(verbose)), CancellationToken.None));
        return command;
    }

    private static void Print(EvaluationReport report, IAnsiConsole console)
    {
        console.WriteLine($"{Path.GetFileName(report.Artifact)} ({report.Method}, {report.Quantization}) vs {Path.GetFileName(report.Model)}");
        console.WriteLine($"  {ByteSize.Format(report.OriginalBytes)} -> {ByteSize.Format(report.CompressedBytes)} ({Rate(report.CompressionRate)}); weights: {report.Frequencies}");
        foreach (string note in report.Notes)
        {
            console.WriteLine($"  note: {note}");
        }

        if (report.LanguageModel is { } lm)
        {
            var table = new Table().AddColumns("perplexity", "original", "compressed", "change");
            table.AddTextRow(
                $"{Path.GetFileName(lm.Tokens)} ({lm.Predictions:N0} predictions, {lm.UnknownTokens:N0} unknown)",
                lm.OriginalPerplexity.ToString("0.00", CultureInfo.InvariantCulture),
                lm.CompressedPerplexity.ToString("0.00", CultureInfo.InvariantCulture),
                lm.PerplexityIncrease.ToString("+0.00%;-0.00%", CultureInfo.InvariantCulture));
            console.Write(table);
        }

        if (report.Calibration is { } c)
        {
            var table = new Table().AddColumns("softmax calibration", "value");
            table.AddTextRow("states", c.Samples.ToString("N0", CultureInfo.InvariantCulture));
            table.AddTextRow("softmax (bias)", $"{c.Softmax} ({c.Bias ?? "none"})");
            table.AddTextRow("perplexity original -> compressed", $"{c.OriginalPerplexity.ToString("0.00", CultureInfo.InvariantCulture)} -> {c.CompressedPerplexity.ToString("0.00", CultureInfo.InvariantCulture)} ({c.PerplexityIncrease.ToString("+0.00%;-0.00%", CultureInfo.InvariantCulture)})");
            table.AddTextRow("mean KL(original || compressed)", c.MeanKlDivergence.ToString("0.0000", CultureInfo.InvariantCulture) + " nats");
            table.AddTextRow("top-1 agreement", c.Top1Agreement.ToString("P2", CultureInfo.InvariantCulture));
            table.AddTextRow("top-5 overlap", c.Top5Agreement.ToString("P2", CultureInfo.InvariantCulture));
            console.Write(table);
        }

        var matrices = new Table().AddColumns("matrix", "shape", "bytes", "rate", "weighted error", "error");
        foreach (MatrixEvaluation m in report.Matrices)
        {
            matrices.AddTextRow(
                m.Tensor,
                $"{m.Rows:N0} x {m.Columns}",
                ByteSize.Format(m.Bytes),
                Rate(m.Bytes > 0 ? (double)m.OriginalBytes / m.Bytes : 0),
                ReportWriter.Error(m.WeightedRelativeError),
                ReportWriter.Error(m.RelativeError));
        }

        console.Write(matrices);
        foreach (MatrixEvaluation m in report.Matrices.Where(m => m.Groups.Count > 1))
        {
            var groups = new Table().AddColumns($"{m.Tensor} group", "rows", "rank", "mean frequency", "weighted error", "error");
            foreach (GroupEvaluation g in m.Groups)
            {
                groups.AddTextRow(
                    g.Index.ToString(CultureInfo.InvariantCulture),
                    g.Rows.ToString("N0", CultureInfo.InvariantCulture),
                    g.Rank.ToString(CultureInfo.InvariantCulture),
                    g.MeanFrequency.ToString("0.###", CultureInfo.InvariantCulture),
                    ReportWriter.Error(g.WeightedRelativeError),
                    ReportWriter.Error(g.RelativeError));
            }

            console.Write(groups);
        }
    }

    private static string Rate(double rate) => rate.ToString("0.##", CultureInfo.InvariantCulture) + "x";
}
