using GroupReduce.Abstractions;

namespace GroupReduce.Core.Execution;

/// <summary>
/// The data files a compression run reads, each with the place that named it: the one list behind the check that no
/// output overwrites an input (GR1206) and behind the dependency file of <c>compress --depfile</c>.
/// </summary>
public static class CompressionInputs
{
    /// <summary>Every data file the run reads: the model, the spec, the frequency and vocabulary files, a quality target's data.</summary>
    /// <param name="request">The run.</param>
    /// <returns>Distinct full paths in a stable order (model first), each with what it is and where it was named.</returns>
    public static IReadOnlyList<CompressionInput> Of(CompressionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = request.Spec;
        var specFile = SourceLocation.OfFile(spec.SourcePath);
        var inputs = new List<CompressionInput>
        {
            new("model", request.ModelPath, spec.Model?.Location ?? specFile),
            new("spec", spec.SourcePath, specFile),
        };
        Add(inputs, "frequency file", spec.Frequencies.Path?.Value, spec.Frequencies.Path?.Location);
        Add(inputs, "vocabulary file", spec.Frequencies.Vocabulary?.Value, spec.Frequencies.Vocabulary?.Location);
        if (spec.Budget.Target is { } target)
        {
            Add(inputs, "quality target's token file", target.Tokens?.Value, target.Tokens?.Location);
            Add(inputs, "quality target's hidden states", target.Hidden?.Value, target.Hidden?.Location);
            Add(inputs, "quality target's next tokens", target.Next?.Value, target.Next?.Location);
        }

        return inputs
            .Select(i => i with { Path = Path.GetFullPath(i.Path) })
            .DistinctBy(i => i.Path, StringComparer.Ordinal)
            .ToList();
    }

    private static void Add(List<CompressionInput> inputs, string role, string? path, SourceLocation? location)
    {
        if (!string.IsNullOrEmpty(path))
        {
            inputs.Add(new CompressionInput(role, path, location ?? SourceLocation.OfFile(path)));
        }
    }
}
