using GroupReduce.Bench.Kernels;

namespace GroupReduce.Bench;

/// <summary>
/// Issue 15's side-by-side timing: the OBW job through each CLI given (the first is the baseline), on one model and
/// one spec, the CLIs taking turns when repeated; each run's stages, kernels, refinement rounds, error and peak memory,
/// then each run's wall time against the baseline's — all beside this machine's FMA peak measured in the same run.
/// </summary>
internal static class CliComparison
{
    public static int Run(BenchOptions options, TextWriter log)
    {
        if (options.Solver != "cpu")
        {
            log.WriteLine("bench: the CLI comparison quotes kernels against the CPU's FMA peak; run it with --solver cpu (the default)");
            return 2;
        }

        string model = Path.GetFullPath(ObwProblem.EnsureModel(options, log));
        long inputBytes = new FileInfo(model).Length;
        bool temporary = options.WorkFolder is null;
        string work = Path.GetFullPath(options.WorkFolder ?? Path.Combine(Path.GetTempPath(), $"groupreduce-obw-{Environment.ProcessId}"));
        Directory.CreateDirectory(work);
        string partition = options.Partition ?? "independent";
        string spec = Path.Combine(work, "obw.groupreduce.yaml");
        ObwSpec.Write(spec, options, partition, report: true);

        log.WriteLine($"machine: {MachineInfo.Describe()}");

        // Before the runs, so it competes with nothing of ours; other processes only ever lower it, so the better of
        // this and the one after the runs is quoted.
        double peak = PeakMeter.Measure(options.Threads);
        log.WriteLine($"model: {model} ({inputBytes / 1e9:0.00} GB): embedding + softmax, 2 x {options.Rows:N0} x {options.Dim} float32");
        log.WriteLine($"job: {options.Rate}x, {options.Groups} groups, {options.Iterations} refinement rounds (min_moved_fraction 0), partition {partition}, solver cpu on {options.Threads} thread(s), quantizer {options.Quantizer}; spec {spec}");
        log.WriteLine($"runs: {string.Join(", ", options.Clis.Select(c => $"{c.Label} = {c.Path}"))}; {options.Repeats} each, taking turns; baseline {options.Clis[0].Label}");

        var results = new List<CliRunResult>();
        int total = options.Repeats * options.Clis.Count;
        try
        {
            for (int repeat = 1; repeat <= options.Repeats; repeat++)
            {
                foreach (CliTarget cli in options.Clis)
                {
                    log.WriteLine();
                    log.WriteLine($"== run {results.Count + 1}/{total}: {cli.Label} #{repeat} ({DateTime.Now:HH:mm:ss})");
                    results.Add(CliRunner.Run(cli, repeat, model, spec, work, options.Threads, options.Keep, log));
                }
            }
        }
        finally
        {
            if (temporary && !options.Keep)
            {
                Directory.Delete(work, recursive: true);
            }
        }

        peak = Math.Max(peak, PeakMeter.Measure(options.Threads));
        log.WriteLine();
        log.WriteLine($"machine: {MachineInfo.Describe()}");
        log.WriteLine($"fp32 FMA peak measured now on {options.Threads} thread(s), {PeakMeter.VectorPath}: {peak:0.0} GFLOP/s");
        foreach (CliRunResult result in results)
        {
            CliRunPrinter.Print(result, peak, inputBytes, log);
        }

        CliRunPrinter.Compare(results, options.Clis, peak, inputBytes, log);
        if (!temporary || options.Keep)
        {
            log.WriteLine($"reports and logs kept in {work}");
        }

        return results.All(r => r.Failure is null) ? 0 : 1;
    }
}
