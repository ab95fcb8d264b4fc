using System.Globalization;

namespace GroupReduce.Bench;

/// <summary>
/// The benchmark's command line: <c>--scale 0.1 --dim 1024 --groups 10 --rate 6.6 --iterations 3 --threads 2 --data DIR
/// --regenerate --solver cpu|ilgpu --accelerator auto|cuda|opencl|cpu --partition shared|independent|best</c>, and for
/// the CLI comparison <c>--cli LABEL=PATH</c> (repeated) <c>--repeats N --work DIR --keep</c>.
/// </summary>
internal sealed record BenchOptions(double Scale, int Dim, int Groups, double Rate, int Iterations, int Threads, string DataFolder, bool Regenerate, string Quantizer, string Solver = "cpu", string Accelerator = "auto")
{
    public const int ObwRows = 793_471;

    public int Rows => Math.Max(Groups, (int)Math.Round(ObwRows * Scale));

    /// <summary>
    /// <c>partition:</c> in the spec; when not given, <c>shared</c> in process (the figures this bench has always quoted)
    /// and <c>independent</c> through the CLI (issue 15's OBW job, the spec's default).
    /// </summary>
    public string? Partition { get; init; }

    /// <summary>The CLI executables to compare, in order; the first is the baseline. None: the in-process run.</summary>
    public IReadOnlyList<CliTarget> Clis { get; init; } = [];

    /// <summary>How many times each CLI runs, the CLIs taking turns (A B A B …) so drift hits both alike.</summary>
    public int Repeats { get; init; } = 1;

    /// <summary>Where the CLI runs write their spec, artifacts, reports and logs; null: a new temporary folder.</summary>
    public string? WorkFolder { get; init; }

    /// <summary>Keep the work folder (artifacts, reports, logs) after the CLI comparison.</summary>
    public bool Keep { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(1.0, 1024, 10, 6.6, 3, Environment.ProcessorCount, Path.Combine("bench", "data"), false, "float");
        var clis = new List<CliTarget>();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--scale" => options with { Scale = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--dim" => options with { Dim = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--groups" => options with { Groups = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--rate" => options with { Rate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--iterations" => options with { Iterations = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--threads" => options with { Threads = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--data" => options with { DataFolder = Next() },
                "--quantizer" => options with { Quantizer = Next() },
                "--regenerate" => options with { Regenerate = true },
                "--solver" => options with { Solver = Next() switch { "cpu" => "cpu", "ilgpu" => "ilgpu", _ => throw new ArgumentException("--solver takes cpu or ilgpu") } },
                "--accelerator" => options with { Accelerator = Next() },
                "--partition" => options with { Partition = Next() switch { var p and ("shared" or "independent" or "best") => p, _ => throw new ArgumentException("--partition takes shared, independent or best") } },
                "--cli" => Add(options, clis, CliTarget.Parse(Next(), clis.Count)),
                "--repeats" => options with { Repeats = int.Parse(Next(), CultureInfo.InvariantCulture) is var n and >= 1 ? n : throw new ArgumentException("--repeats must be at least 1") },
                "--work" => options with { WorkFolder = Next() },
                "--keep" => options with { Keep = true },
                _ => throw new ArgumentException($"unknown option {args[i]}; use --scale, --dim, --groups, --rate, --iterations, --threads, --data, --quantizer, --regenerate, --solver, --accelerator, --partition, --cli LABEL=PATH, --repeats, --work, --keep"),
            };
        }

        if (clis.Select(c => c.Label).Distinct(StringComparer.Ordinal).Count() != clis.Count)
        {
            throw new ArgumentException("--cli labels must differ (write --cli main=PATH --cli new=PATH)");
        }

        return options with { Clis = clis };
    }

    private static BenchOptions Add(BenchOptions options, List<CliTarget> clis, CliTarget target)
    {
        clis.Add(target);
        return options;
    }
}
