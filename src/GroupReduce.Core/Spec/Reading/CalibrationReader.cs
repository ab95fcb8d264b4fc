using GroupReduce.Abstractions;
using GroupReduce.Core.Spec.Yaml;

namespace GroupReduce.Core.Spec.Reading;

/// <summary>Reads <c>calibration</c>, which is optional; inside it <c>hidden</c> is required.</summary>
internal static class CalibrationReader
{
    /// <summary>Reads the block.</summary>
    /// <param name="entry">The <c>calibration</c> entry, or <see langword="null"/> when the spec has none.</param>
    /// <param name="paths">Resolves the hidden-state file against the spec's folder.</param>
    /// <returns>The settings, or <see langword="null"/>.</returns>
    public static CalibrationSpec? Read(SpecEntry? entry, SpecPaths paths)
    {
        if (entry is null)
        {
            return null;
        }

        var reader = new MappingReader(entry.Value, entry.Key.Location, "calibration", "hidden", "matrix", "epsilon");
        SpecEntry hidden = reader.Require("hidden", "hidden: hidden.npy  # the softmax's input vectors, [N, d]");
        return new CalibrationSpec
        {
            Hidden = paths.Resolve(hidden.Value, reader.PathOf("hidden")),
            Matrix = reader.Get("matrix") is { } matrix ? ValueReader.Text(matrix.Value, reader.PathOf("matrix"), "a tensor name") : null,
            Epsilon = reader.Read("epsilon", 1e-3, (node, what) => ValueReader.Real(node, what, "a number from 1e-9 to 1", value => value is >= 1e-9 and <= 1)),
            Location = reader.Location,
        };
    }
}
