using System.Globalization;

namespace GroupReduce.Bench;

/// <summary>
/// The benchmark's command line: <c>--scale 0.1 --dim 1024 --groups 10 --rate 6.6 --iterations 3 --threads 2 --data DIR
/// --regenerate --solver cpu|ilgpu --accelerator auto|cuda|opencl|cpu</c>.
/// </summary>
internal sealed record BenchOptions(double Scale, int Dim, int Groups, double Rate, int Iterations, int Threads, string DataFolder, bool Regenerate, string Quantizer, string Solver = "cpu", string Accelerator = "auto")
{
    public const int ObwRows = 793_471;

    public int Rows => Math.Max(Groups, (int)Math.Round(ObwRows * Scale));

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(1.0, 1024, 10, 6.6, 3, Environment.ProcessorCount, Path.Combine("bench", "data"), false, "float");
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
                _ => throw new ArgumentException($"unknown option {args[i]}; use --scale, --dim, --groups, --rate, --iterations, --threads, --data, --quantizer, --regenerate, --solver, --accelerator"),
            };
        }

        return options;
    }
}
