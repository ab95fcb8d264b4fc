using System.Text;

namespace GroupReduce.Core.Export;

/// <summary>
/// Turns tensor names into .npy file names that every file system takes: characters other than ASCII letters, digits,
/// <c>.</c>, <c>-</c> and <c>_</c> become <c>_</c>, as does a leading <c>.</c>; a name that is a Windows device name
/// (<c>CON</c>, <c>NUL</c>, <c>COM1</c>, …) before its first dot gets a leading <c>_</c>; names are cut to 200
/// characters; and a name already taken, compared without case, gets <c>-2</c>, <c>-3</c>, … So tensors are matched to
/// files through <c>index.json</c>, never by guessing.
/// </summary>
internal sealed class NpyFileNames
{
    private const int MaxStemChars = 200;

    private static readonly HashSet<string> DeviceNames = new(
        ["CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"],
        StringComparer.OrdinalIgnoreCase);

    private readonly HashSet<string> _taken = new(StringComparer.OrdinalIgnoreCase) { "index.json" };

    /// <summary>A new file name for a tensor, unique among those given out by this instance.</summary>
    /// <param name="tensor">The tensor's name.</param>
    /// <returns>The file name, ending in <c>.npy</c>.</returns>
    public string For(string tensor)
    {
        string stem = Stem(tensor);
        string name = stem + ".npy";
        for (int n = 2; !_taken.Add(name); n++)
        {
            name = $"{stem}-{n}.npy";
        }

        return name;
    }

    private static string Stem(string tensor)
    {
        var text = new StringBuilder(Math.Min(tensor.Length, MaxStemChars));
        foreach (char c in tensor)
        {
            if (text.Length == MaxStemChars)
            {
                break;
            }

            text.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '.' && text.Length > 0) ? c : '_');
        }

        string stem = text.Length == 0 ? "_" : text.ToString();
        int dot = stem.IndexOf('.', StringComparison.Ordinal);
        return DeviceNames.Contains(dot < 0 ? stem : stem[..dot]) ? "_" + stem : stem;
    }
}
