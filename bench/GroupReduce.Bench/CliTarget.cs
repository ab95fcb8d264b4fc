namespace GroupReduce.Bench;

/// <summary>One CLI to run: a label for the printout and the <c>groupreduce</c> executable (or its <c>.dll</c>).</summary>
/// <param name="Label">The name in the printout (<c>main</c>, <c>new</c>).</param>
/// <param name="Path">The executable, absolute.</param>
internal sealed record CliTarget(string Label, string Path)
{
    /// <summary>Reads <c>LABEL=PATH</c>, or a bare <c>PATH</c> (labelled <c>cli1</c>, <c>cli2</c>, …).</summary>
    public static CliTarget Parse(string text, int index)
    {
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        string label = equals > 0 ? text[..equals] : $"cli{index + 1}";
        string path = System.IO.Path.GetFullPath(equals > 0 ? text[(equals + 1)..] : text);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"--cli {text}: no file {path}; give the built groupreduce executable (src/GroupReduce.Cli/bin/Release/net10.0/groupreduce) or its groupreduce.dll");
        }

        return new CliTarget(label, path);
    }
}
