using GroupReduce.Abstractions;
using GroupReduce.Core.Spec.Yaml;

namespace GroupReduce.Core.Spec.Reading;

/// <summary>Resolves paths written in the spec against the spec file's folder.</summary>
/// <param name="baseDirectory">The spec file's folder (absolute).</param>
internal sealed class SpecPaths(string baseDirectory)
{
    /// <summary>The folder relative paths are resolved against.</summary>
    public string BaseDirectory { get; } = baseDirectory;

    /// <summary>When set, every path read is added as written, with its place (tune rewrites relative ones for a spec saved elsewhere).</summary>
    public List<SpecValue<string>>? Written { get; init; }

    /// <summary>Reads a path and makes it absolute; an absolute path stays as written (normalised).</summary>
    /// <param name="node">The node.</param>
    /// <param name="what">The value's path in the spec, for messages.</param>
    /// <returns>The absolute path, at the location of the written value.</returns>
    public SpecValue<string> Resolve(SpecNode node, string what)
    {
        SpecValue<string> written = ValueReader.Text(node, what, "a file or folder path");
        if (written.Value.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            throw Invalid(written, what, "it holds a character that paths cannot contain");
        }

        Written?.Add(written);
        try
        {
            return written with { Value = Path.GetFullPath(written.Value, BaseDirectory) };
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Invalid(written, what, ex.Message);
        }
    }

    private static GroupReduceException Invalid(SpecValue<string> written, string what, string problem) =>
        new(SpecErrorCodes.InvalidPath, $"'{what}' is not a valid path: {problem}", written.Location);
}
