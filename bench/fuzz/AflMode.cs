using GroupReduce.Fuzzing;

namespace GroupReduce.Bench.Fuzz;

/// <summary>
/// Coverage-guided fuzzing under AFL++ through SharpFuzz: AFL feeds one input per run on stdin; a defect is
/// rethrown so AFL records it as a crash. The product assemblies must first be instrumented with the
/// <c>sharpfuzz</c> tool (README.md).
/// </summary>
internal static class AflMode
{
    public static int Run(string name)
    {
        if (FuzzTargets.Find(name) is not { } target)
        {
            Console.Error.WriteLine($"fuzz: no target '{name}'");
            return 1;
        }

        _ = target.Seeds;
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            FuzzOutcome outcome = target.Run(buffer.ToArray());
            if (!outcome.IsAcceptable)
            {
                throw new InvalidOperationException($"{target.Name}: {outcome}");
            }
        });
        return 0;
    }
}
