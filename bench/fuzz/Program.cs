using System.CommandLine;
using GroupReduce.Bench.Fuzz;
using GroupReduce.Fuzzing;

// Every input is written to a file and opened as the product opens files: in memory-backed /dev/shm that costs
// a tenth of what a disk costs. TMPDIR set by the caller wins.
if (Environment.GetEnvironmentVariable("TMPDIR") is null && Directory.Exists("/dev/shm"))
{
    Environment.SetEnvironmentVariable("TMPDIR", "/dev/shm");
}


var target = new Option<string[]>("--target", "-t") { Description = "Targets to fuzz (default: all): " + string.Join(", ", FuzzTargets.All.Select(t => t.Name)), AllowMultipleArgumentsPerToken = true };
var count = new Option<long>("--count", "-n") { Description = "Inputs per target.", DefaultValueFactory = _ => 100_000 };
var seconds = new Option<double?>("--seconds", "-s") { Description = "Run each target for this long instead of --count inputs." };
var seed = new Option<ulong>("--seed") { Description = "The run's seed: the same seed gives the same inputs (CI uses " + FuzzCheck.Seed + ").", DefaultValueFactory = _ => 1 };
var findings = new Option<string>("--findings") { Description = "Where reproducers go.", DefaultValueFactory = _ => "fuzz-findings" };
var report = new Option<string?>("--report") { Description = "Also write the Markdown table to this file." };
var hang = new Option<double>("--hang-seconds") { Description = "An input parsed for longer than this is a hang.", DefaultValueFactory = _ => 5 };
var writeSeeds = new Option<string?>("--write-seeds") { Description = "Write every target's seeds to FOLDER/<target>/ (an AFL++ input corpus) and exit." };
var afl = new Option<string?>("--afl") { Description = "Run TARGET under AFL++ with SharpFuzz (reads one input from stdin per run); see README.md." };

var root = new RootCommand("Fuzzes GroupReduce's parsers of untrusted input.") { target, count, seconds, seed, findings, report, hang, writeSeeds, afl };
root.SetAction(parse =>
{
    if (parse.GetValue(afl) is { } aflTarget)
    {
        return AflMode.Run(aflTarget);
    }

    if (parse.GetValue(writeSeeds) is { } folder)
    {
        foreach (FuzzTarget t in FuzzTargets.All)
        {
            Directory.CreateDirectory(Path.Combine(folder, t.Name));
            for (int i = 0; i < t.Seeds.Count; i++)
            {
                File.WriteAllBytes(Path.Combine(folder, t.Name, $"seed{i}.bin"), t.Seeds[i].Bytes);
            }
        }

        Console.WriteLine($"wrote the seeds of {FuzzTargets.All.Count} targets to {Path.GetFullPath(folder)}");
        return 0;
    }

    string[] names = parse.GetValue(target) is { Length: > 0 } given ? given : [.. FuzzTargets.All.Select(t => t.Name)];
    var chosen = new List<FuzzTarget>();
    foreach (string name in names)
    {
        if (FuzzTargets.Find(name) is not { } found)
        {
            Console.Error.WriteLine($"fuzz: no target '{name}'; targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
            return 1;
        }

        chosen.Add(found);
    }

    ulong runSeed = parse.GetValue(seed);
    var store = new FindingStore(parse.GetValue(findings)!);
    var runner = new FuzzRunner(store, TimeSpan.FromSeconds(parse.GetValue(hang)), Console.Out);
    TimeSpan? time = parse.GetValue(seconds) is { } s ? TimeSpan.FromSeconds(s) : null;
    var tallies = new List<TargetTally>();
    foreach (FuzzTarget t in chosen)
    {
        Console.WriteLine($"{t.Name}: {t.Seeds.Count} seed(s), {(time is { } d ? $"{d.TotalSeconds:0} s" : $"{parse.GetValue(count):N0} inputs")}");
        tallies.Add(runner.Run(t, parse.GetValue(count), time, runSeed));
    }

    string table = ReportPrinter.Markdown(tallies, runSeed);
    Console.WriteLine();
    Console.WriteLine(table);
    if (parse.GetValue(report) is { } reportPath)
    {
        File.WriteAllText(reportPath, table);
    }

    Console.WriteLine($"reproducers: {store.Folder}");
    return tallies.Any(t => t.Untyped > 0 || t.Hangs > 0 || t.OverAllocations > 0) ? 2 : 0;
});
return root.Parse(args).Invoke();
