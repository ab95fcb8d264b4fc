using GroupReduce.Abstractions;
using GroupReduce.Core.Spec.Yaml;

namespace GroupReduce.Core.Spec.Reading;

/// <summary>Reads <c>matrices</c>: tensor names, or <c>{ tensor, tied }</c> mappings; each tensor at most once.</summary>
internal static class MatrixListReader
{
    /// <summary>Reads the list.</summary>
    /// <param name="entry">The <c>matrices</c> entry.</param>
    /// <returns>The matrices in the order written.</returns>
    public static IReadOnlyList<MatrixSpec> Read(SpecEntry entry)
    {
        SpecSequence list = ValueReader.Sequence(entry.Value, "matrices", "a list of tensor names");
        if (list.Items.Count == 0)
        {
            throw new GroupReduceException(
                SpecErrorCodes.EmptyValue,
                "'matrices' is empty; list at least one tensor to compress (e.g. matrices: [encoder.weight])",
                list.Location);
        }

        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var matrices = new List<MatrixSpec>(list.Items.Count);
        for (int index = 0; index < list.Items.Count; index++)
        {
            MatrixSpec matrix = ReadItem(list.Items[index], $"matrices[{index}]");
            Claim(seen, matrix.Tensor, null);
            foreach (SpecValue<string> tied in matrix.Tied)
            {
                Claim(seen, tied, matrix.Tensor.Value);
            }

            matrices.Add(matrix);
        }

        return matrices;
    }

    private static MatrixSpec ReadItem(SpecNode item, string path)
    {
        switch (item)
        {
            case SpecScalar:
                return new MatrixSpec { Tensor = ValueReader.Text(item, path, "a tensor name"), Tied = [], Location = item.Location };

            case SpecMapping:
                var reader = new MappingReader(item, item.Location, path, "tensor", "tied");
                SpecValue<string> tensor = ValueReader.Text(reader.Require("tensor", "tensor: encoder.weight").Value, reader.PathOf("tensor"), "a tensor name");
                var tied = new List<SpecValue<string>>();
                if (reader.Get("tied") is { } tiedEntry)
                {
                    string tiedPath = reader.PathOf("tied");
                    SpecSequence names = ValueReader.Sequence(tiedEntry.Value, tiedPath, "a list of tensor names");
                    for (int index = 0; index < names.Items.Count; index++)
                    {
                        tied.Add(ValueReader.Text(names.Items[index], $"{tiedPath}[{index}]", "a tensor name"));
                    }
                }

                return new MatrixSpec { Tensor = tensor, Tied = tied, Location = item.Location };

            default:
                throw new GroupReduceException(
                    SpecErrorCodes.WrongType,
                    $"'{path}' must be a tensor name or a mapping with 'tensor' (and optionally 'tied'), not {item.Describe()}",
                    item.Location);
        }
    }

    private static void Claim(Dictionary<string, SourceLocation> seen, SpecValue<string> name, string? tiedTo)
    {
        if (tiedTo is not null && string.Equals(name.Value, tiedTo, StringComparison.Ordinal))
        {
            throw new GroupReduceException(
                SpecErrorCodes.DuplicateTensor,
                $"tensor '{name.Value}' is tied to itself; remove it from its 'tied' list",
                name.Location);
        }

        if (!seen.TryAdd(name.Value, name.Location))
        {
            SourceLocation first = seen[name.Value];
            throw new GroupReduceException(
                SpecErrorCodes.DuplicateTensor,
                $"tensor '{name.Value}' is listed twice in 'matrices' (first at line {first.Line}, column {first.Column}); a tensor is compressed once: list it once, and list copies of it under 'tied'",
                name.Location);
        }
    }
}
