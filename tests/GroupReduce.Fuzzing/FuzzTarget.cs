using System.Diagnostics;
using GroupReduce.Abstractions;
using GroupReduce.Fuzzing.Mutations;
using GroupReduce.Runtime;
using GroupReduce.Testing.Engine;

namespace GroupReduce.Fuzzing;

/// <summary>
/// One parser under attack: its seeds, the shape of its input, and how to exercise it fully (open, then read every
/// part the API offers). The verdict on an input is <see cref="OutcomeKind.Accepted"/>, a typed GR error from the
/// target's range, or a defect.
/// </summary>
public abstract class FuzzTarget
{
    private static readonly string WorkRoot = Path.Combine(Path.GetTempPath(), "groupreduce-fuzz", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    private static long _inputs;
    private readonly Lazy<IReadOnlyList<FuzzSeed>> _seeds;

    /// <summary>Creates the target; seeds are made on first use.</summary>
    protected FuzzTarget() => _seeds = new Lazy<IReadOnlyList<FuzzSeed>>(CreateSeeds, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The target's name (<c>safetensors</c>, <c>runtime-artifact</c>...).</summary>
    public abstract string Name { get; }

    /// <summary>The structure of its input.</summary>
    public abstract InputShape Shape { get; }

    /// <summary>The valid inputs mutations start from.</summary>
    public IReadOnlyList<FuzzSeed> Seeds => _seeds.Value;

    /// <summary>The file name the input is written under (some parsers are chosen by content, none by name; the name only reads well in messages).</summary>
    protected virtual string InputFileName => "input.bin";

    /// <summary>Runs one input through the parser and judges the answer.</summary>
    /// <param name="input">The input's bytes.</param>
    /// <returns>The verdict.</returns>
    public FuzzOutcome Run(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string folder = Path.Combine(WorkRoot, Interlocked.Increment(ref _inputs).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        try
        {
            string path = Path.Combine(folder, InputFileName);
            File.WriteAllBytes(path, input);
            return Exercise(path, folder);
        }
        catch (GroupReduceException e) when (IsExpectedCode(e.Code))
        {
            return FuzzOutcome.TypedError(e.Code);
        }
        catch (ArtifactFormatException e) when (IsExpectedCode(e.Code))
        {
            return FuzzOutcome.TypedError(e.Code);
        }
        catch (Exception e)
        {
            return FuzzOutcome.Defect(Signature(e), e.ToString());
        }
        finally
        {
            TryDelete(folder);
        }
    }

    /// <summary>The defect's name: the exception type and the top frame in GroupReduce code (where the fix goes).</summary>
    /// <param name="e">The exception.</param>
    /// <returns>The signature.</returns>
    public static string Signature(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string type = e is GroupReduceException g ? $"{e.GetType().Name} {g.Code}" : e is ArtifactFormatException a ? $"{e.GetType().Name} {a.Code}" : e.GetType().Name;
        foreach (StackFrame frame in new StackTrace(e, fNeedFileInfo: false).GetFrames())
        {
            if (frame.GetMethod() is { DeclaringType: { } declaring } method
                && declaring.FullName is { } name
                && name.StartsWith("GroupReduce.", StringComparison.Ordinal)
                && !name.StartsWith("GroupReduce.Fuzzing.", StringComparison.Ordinal))
            {
                return $"{type} at {name}.{method.Name}";
            }
        }

        return type;
    }

    /// <summary>Opens and reads the input through the parser; throws what the parser throws.</summary>
    /// <param name="path">The input file.</param>
    /// <param name="folder">Its folder, for targets that need companion files.</param>
    /// <returns>The verdict when the parser did not throw (usually <see cref="FuzzOutcome.Accepted"/>).</returns>
    protected abstract FuzzOutcome Exercise(string path, string folder);

    /// <summary>Makes the seeds.</summary>
    /// <returns>The seeds.</returns>
    protected abstract IReadOnlyList<FuzzSeed> CreateSeeds();

    /// <summary>Whether a GR code is one this parser may answer with (its area's range).</summary>
    /// <param name="code">The code.</param>
    /// <returns>Whether it is acceptable.</returns>
    protected virtual bool IsExpectedCode(string code) => code.StartsWith("GR2", StringComparison.Ordinal);

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A parser that leaked a handle is a defect of its own, found by the tests that check for leaks; not here.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
