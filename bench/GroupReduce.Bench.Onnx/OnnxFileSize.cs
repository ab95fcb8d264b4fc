using Onnx;

namespace GroupReduce.Bench.Onnx;

/// <summary>What an ONNX model takes on disk: the .onnx file plus every external data file its initializers name.</summary>
internal static class OnnxFileSize
{
    /// <summary>Bytes of the model and its external data files (each counted once).</summary>
    /// <param name="path">The .onnx file.</param>
    /// <returns>The bytes and the number of external data files.</returns>
    public static (long Bytes, int ExternalFiles) Measure(string path)
    {
        ModelProto model;
        using (FileStream stream = File.OpenRead(path))
        {
            model = ModelProto.Parser.ParseFrom(stream);
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var locations = model.Graph.Initializer
            .Where(t => t.DataLocation == TensorProto.Types.DataLocation.External)
            .SelectMany(t => t.ExternalData.Where(e => e.Key == "location").Select(e => e.Value))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return (new FileInfo(path).Length + locations.Sum(l => new FileInfo(Path.Combine(folder, l)).Length), locations.Count);
    }
}
