using System.Diagnostics;
using GroupReduce.Fuzzing;
using GroupReduce.Fuzzing.Mutations;
using GroupReduce.Testing.Engine;

namespace GroupReduce.Bench.Fuzz;

/// <summary>
/// Runs one target for a count of inputs or a time, single-threaded so allocation per input can be measured:
/// every input is judged (accepted, typed error, defect), timed against the hang limit and its managed allocation
/// checked against max(64 MB, 4 x its size).
/// </summary>
internal sealed class FuzzRunner(FindingStore findings, TimeSpan hangLimit, TextWriter log)
{
    private const long AllocationFloor = 64L << 20;

    public TargetTally Run(FuzzTarget target, long count, TimeSpan? time, ulong seed)
    {
        var tally = new TargetTally(target.Name);
        var clock = Stopwatch.StartNew();
        using var watchdog = new Watchdog(
            hangLimit,
            hangLimit * 12,
            input =>
            {
                findings.Save(target.Name, "hang", input, $"parsing took over {hangLimit.TotalSeconds:0} s");
                lock (tally)
                {
                    tally.Hangs++;
                }

                log.WriteLine($"  {target.Name}: an input took over {hangLimit.TotalSeconds:0} s; saved under {findings.Folder}");
            },
            () =>
            {
                log.WriteLine($"  {target.Name}: an input has run for {hangLimit.TotalSeconds * 12:0} s; giving up (the reproducer is saved)");
                Environment.Exit(3);
            });

        long nextProgress = 10_000;
        foreach (FuzzCase input in FuzzCases.Sequence(target, seed))
        {
            if (time is { } limit ? clock.Elapsed >= limit : tally.Inputs >= count)
            {
                break;
            }

            byte[] bytes = input.Bytes(target);
            watchdog.Begin(bytes);
            long before = GC.GetTotalAllocatedBytes(precise: false);
            FuzzOutcome outcome = target.Run(bytes);
            long allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
            watchdog.End();
            lock (tally)
            {
                tally.Add(outcome);
                tally.MaxAllocatedBytes = Math.Max(tally.MaxAllocatedBytes, allocated);
                tally.MaxInputBytes = Math.Max(tally.MaxInputBytes, bytes.Length);
            }

            if (allocated > Math.Max(AllocationFloor, 4L * bytes.Length))
            {
                tally.OverAllocations++;
                findings.Save(target.Name, "allocation", bytes, $"{input}: allocated {allocated:N0} bytes for a {bytes.Length:N0}-byte input");
            }

            if (!outcome.IsAcceptable)
            {
                findings.Save(target.Name, outcome.Signature!, bytes, $"case {tally.Inputs - 1} of seed {seed}: {input}\n\n{outcome.Detail}");
            }

            if (tally.Inputs >= nextProgress)
            {
                nextProgress += 10_000 * Math.Max(1, nextProgress / 100_000);
                log.WriteLine($"  {target.Name}: {tally.Inputs:N0} inputs, {tally.Untyped:N0} defects ({tally.Defects.Count} distinct), {tally.Inputs / clock.Elapsed.TotalSeconds:N0}/s");
            }
        }
        tally.Seconds = clock.Elapsed.TotalSeconds;
        return tally;
    }
}
