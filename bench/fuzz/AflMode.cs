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

        // Instrumented code may run only inside the callback, once SharpFuzz has attached AFL's coverage map:
        // nothing here touches the targets' seeds (which are made by the product code).
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
