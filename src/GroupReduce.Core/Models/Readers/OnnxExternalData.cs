using System.Globalization;
using GroupReduce.Core.Models.Mapping;
using Onnx;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Resolves ONNX external data (<c>data_location: EXTERNAL</c>): the <c>location</c> is a path relative to the model's
/// folder that may not leave it, <c>offset</c> and <c>length</c> are byte counts in that file. Each data file is mapped
/// once however many initializers it holds; the mappings are handed to the model file, which releases them.
/// </summary>
internal sealed class OnnxExternalData
{
    private readonly string _modelPath;
    private readonly string _folder;
    private readonly Dictionary<string, MappedFile> _files = new(StringComparer.Ordinal);

    /// <summary>Prepares to resolve locations next to <paramref name="modelPath"/>.</summary>
    /// <param name="modelPath">The .onnx file.</param>
    public OnnxExternalData(string modelPath)
    {
        _modelPath = modelPath;
        _folder = Path.GetFullPath(Path.GetDirectoryName(Path.GetFullPath(modelPath)) ?? ".");
    }

    /// <summary>The data files mapped so far.</summary>
    public IEnumerable<MappedFile> Files => _files.Values;

    /// <summary>Finds an initializer's bytes: the mapped data file and the offset of its first byte.</summary>
    /// <param name="tensor">The initializer.</param>
    /// <param name="byteLength">The byte length its dims and type give.</param>
    /// <returns>The data file and offset.</returns>
    public (MappedFile File, long Offset) Locate(TensorProto tensor, long byteLength)
    {
        string name = Excerpt.Of(tensor.Name);
        string? location = null;
        long offset = 0;
        long? length = null;
        foreach (StringStringEntryProto entry in tensor.ExternalData)
        {
            switch (entry.Key)
            {
                case "location":
                    location = entry.Value;
                    break;
                case "offset":
                    offset = ParseCount(name, entry.Key, entry.Value);
                    break;
                case "length":
                    length = ParseCount(name, entry.Key, entry.Value);
                    break;
                default:
                    // "checksum" and keys of later ONNX versions do not change where the bytes are.
                    break;
            }
        }

        if (string.IsNullOrEmpty(location))
        {
            throw Invalid(name, "has data_location EXTERNAL but no 'location' entry in external_data. Re-export the model with onnx.save_model(..., save_as_external_data=True).");
        }

        if (length is { } declared && declared != byteLength)
        {
            throw ModelError.InFile(
                ModelErrorCodes.OnnxTensorLengthMismatch,
                _modelPath,
                $"initializer '{name}': external data 'length' is {declared} bytes but its dims and data type give {byteLength}. The model or its data file is corrupt; re-export it.");
        }

        MappedFile file = Map(name, location);
        if (!file.Contains(offset, byteLength))
        {
            throw ModelError.InFile(
                ModelErrorCodes.OnnxExternalDataOutOfRange,
                _modelPath,
                $"initializer '{name}': external data [{offset}, {offset}+{byteLength}) reaches past the end of '{Excerpt.Of(location)}' ({file.Length} bytes). The data file is truncated or belongs to another model; copy the complete data file beside the model.");
        }

        return (file, offset);
    }

    private MappedFile Map(string name, string location)
    {
        if (location.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0 || location.Contains('\0', StringComparison.Ordinal))
        {
            throw Invalid(name, $"external data location '{Excerpt.Of(location)}' holds characters no path may hold. The model is corrupt; re-export it.");
        }

        string full = Path.GetFullPath(Path.Combine(_folder, location));
        string root = Path.EndsInDirectorySeparator(_folder) ? _folder : _folder + Path.DirectorySeparatorChar;
        if (Path.IsPathRooted(location) || !full.StartsWith(root, StringComparison.Ordinal))
        {
            // A model file is input from anywhere: it must not make the tool read /etc/shadow or a neighbour's files.
            throw Invalid(name, $"external data location '{Excerpt.Of(location)}' is absolute or leaves the model's folder '{_folder}'. ONNX locations are relative to the model's folder; move the data file beside the model and re-save with a plain file name.");
        }

        if (_files.TryGetValue(full, out MappedFile? mapped))
        {
            return mapped;
        }

        if ((File.Exists(full) ? RegularFile.Problem(full) : "missing") is { } problem)
        {
            throw ModelError.InFile(
                ModelErrorCodes.OnnxExternalDataMissing,
                _modelPath,
                $"initializer '{name}': external data file '{Excerpt.Of(location)}' (looked for at '{full}') is {problem}. Copy the data file that was saved with the model beside it.");
        }

        mapped = MappedFile.Open(full);
        _files.Add(full, mapped);
        return mapped;
    }

    private long ParseCount(string name, string key, string value)
    {
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long count))
        {
            throw Invalid(name, $"external data '{key}' is '{Excerpt.Of(value)}', not a non-negative integer. The model is corrupt; re-export it.");
        }

        return count;
    }

    private Abstractions.GroupReduceException Invalid(string name, string message) =>
        ModelError.InFile(ModelErrorCodes.OnnxExternalDataInvalid, _modelPath, $"initializer '{name}' {message}");
}
