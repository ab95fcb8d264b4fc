using GroupReduce.Bench;

// Usage: dotnet run -c Release --project bench/GroupReduce.Bench -- [--scale 1.0] [--dim 1024] [--groups 10]
//        [--rate 6.6] [--iterations 3] [--threads N] [--quantizer float] [--data bench/data] [--regenerate]
//        [--solver cpu|ilgpu] [--accelerator auto|cuda|opencl|cpu] [--partition shared|independent|best]
//        [--cli LABEL=PATH ... [--repeats N] [--work DIR] [--keep]]
// Without --cli the engine runs in this process; with --cli each named groupreduce executable runs the same job as a
// child process and the runs are compared (bench/obw/README.md).
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 2;
}

if (options.Clis.Count == 0)
{
    InProcessBench.Run(options, Console.Out);
    return 0;
}

return CliComparison.Run(options, Console.Out);
