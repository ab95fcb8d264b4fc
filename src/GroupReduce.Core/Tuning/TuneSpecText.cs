using System.Globalization;
using GroupReduce.Abstractions;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Sweep;

namespace GroupReduce.Core.Tuning;

/// <summary>A trial's spec as text: the original spec's text with the trial's values written in, read by the spec loader.</summary>
internal static class TuneSpecText
{
    /// <summary>Writes the settings into the text, shorter paths first, so that <c>partitioner=kmeans</c> replaces the plugin before <c>partitioner.options.x</c> sets an option of the new one.</summary>
    /// <param name="text">The spec text.</param>
    /// <param name="file">The spec's path, for error locations.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>The edited text.</returns>
    public static string Apply(string text, string file, IEnumerable<TuneSetting> settings)
    {
        foreach (TuneSetting setting in settings.OrderBy(s => s.Path.Split('.').Length))
        {
            text = SpecTextEditor.Set(text, file, setting.Path.Split('.'), setting.Value);
        }

        return text;
    }

    /// <summary>Loads the text as the spec at <paramref name="file"/>; an error is prefixed with what was tried.</summary>
    /// <param name="text">The edited text.</param>
    /// <param name="file">The original spec's path: relative paths resolve against its folder.</param>
    /// <param name="tried">What was written in, for the message.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="GroupReduceException">The loader's error, code and place kept.</exception>
    public static CompressionSpec Load(string text, string file, string tried)
    {
        try
        {
            return SpecLoader.Parse(text, file);
        }
        catch (GroupReduceException ex) when (!ex.Message.StartsWith("--try", StringComparison.Ordinal))
        {
            throw new GroupReduceException(ex.Code, $"{tried}: {ex.Message}", ex.Location, ex);
        }
    }

    /// <summary>Writes a size budget into the text, replacing whatever budget it had.</summary>
    public static string WithBudget(string text, string file, SweepBudget budget)
    {
        string value = budget.Kind == BudgetKind.Rate
            ? budget.Value.ToString("0.####", CultureInfo.InvariantCulture) + "x"
            : budget.Value.ToString("0", CultureInfo.InvariantCulture);
        return SpecTextEditor.Set(text, file, ["budget"], YamlTree.Path([budget.Kind == BudgetKind.Rate ? "rate" : "bytes"], value));
    }

    /// <summary>
    /// The text as it must read from another folder: each relative path it writes (the model, counts, vocabulary,
    /// plugin folders, the output) is rewritten relative to <paramref name="newFile"/>'s folder, so a tuned spec saved
    /// elsewhere still names the same files.
    /// </summary>
    public static string Relocate(string text, string file, string newFile)
    {
        string from = Path.GetDirectoryName(Path.GetFullPath(file))!;
        string to = Path.GetDirectoryName(Path.GetFullPath(newFile))!;
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            return text;
        }

        var written = new List<SpecValue<string>>();
        SpecLoader.Parse(text, file, written);
        bool bom = text.StartsWith('\uFEFF');
        string yaml = bom ? text[1..] : text;
        YamlSpanNode root = YamlSpanReader.Read(yaml);
        var scalars = new List<YamlSpanNode>();
        Collect(root, scalars);

        // From the end, so that earlier spans stay where they are.
        foreach (YamlSpanNode scalar in scalars.OrderByDescending(s => s.Start))
        {
            if (written.Any(w => w.Location is { } at && at.Line == scalar.Line && at.Column == scalar.Column && w.Value == scalar.Value)
                && !Path.IsPathRooted(scalar.Value))
            {
                string target = Path.GetFullPath(scalar.Value, from);
                string relative = Path.GetRelativePath(to, target).Replace('\\', '/');

                // A path that climbs to the file system's root shares nothing with the new folder: absolute reads better.
                bool shared = FirstFolder(to) == FirstFolder(target);
                yaml = yaml[..scalar.Start] + YamlSpanText.Scalar(shared ? relative : target) + yaml[scalar.End..];
            }
        }

        return bom ? '\uFEFF' + yaml : yaml;
    }

    private static string FirstFolder(string path) =>
        path[Path.GetPathRoot(path)!.Length..].Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];

    private static void Collect(YamlSpanNode node, List<YamlSpanNode> scalars)
    {
        switch (node.Kind)
        {
            case YamlSpanKind.Scalar:
                scalars.Add(node);
                break;
            case YamlSpanKind.Mapping:
                node.Entries.ForEach(e => Collect(e.Value, scalars));
                break;
            case YamlSpanKind.Sequence:
                node.Items.ForEach(i => Collect(i, scalars));
                break;
        }
    }
}
