using System.Runtime.InteropServices;
using System.Runtime.Loader;
using GroupReduce.Abstractions;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Tokenizers;

namespace GroupReduce.Core.Execution;

/// <summary>
/// The files a compression run reads: the data files, each with the place that named it (behind the check that no output
/// overwrites an input, GR1206, and the cache key), and, once the run is over, those plus every assembly it loaded, each
/// with its hash (<see cref="Read"/>: the list a run reports, which <c>compress --depfile</c> and the cache consume).
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
        if (spec.Frequencies.Source.Value != FrequencySource.Corpus)
        {
            Add(inputs, "frequency file", spec.Frequencies.Path?.Value, spec.Frequencies.Path?.Location);
        }

        if (spec.Frequencies.Vocabulary is { } vocabulary && !TokenizerFiles.IsEncodingName(vocabulary.Value))
        {
            Add(inputs, "vocabulary file", vocabulary.Value, vocabulary.Location);
        }

        if (spec.Frequencies.Tokenizer is { } tokenizer && !TokenizerFiles.IsEncodingName(tokenizer.Value))
        {
            Add(inputs, "tokenizer file", tokenizer.Value, tokenizer.Location);
        }

        foreach (SpecValue<string> corpus in spec.Frequencies.Corpus)
        {
            Add(inputs, "corpus file", corpus.Value, corpus.Location);
        }

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

    /// <summary>
    /// Everything a finished run read, hashed: the data files of <see cref="Of"/>, the files the run found as it read the
    /// model (<see cref="InputLedger.Discovered"/>: an ONNX model's external data), then every assembly loaded in any load
    /// context (the engine's and the plugins', each plugin in its own context), in a stable order. Assemblies of the shared
    /// framework are left out: they change only with the runtime, and listing them would make every build check ~100 files.
    /// </summary>
    /// <param name="request">The run.</param>
    /// <param name="ledger">The run's hashes (the model's is taken once, during the run).</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    /// <returns>Distinct full paths, data files first.</returns>
    internal static IReadOnlyList<RunInput> Read(CompressionRequest request, InputLedger ledger, CancellationToken cancellationToken)
    {
        string runtimeDirectory = Path.GetFullPath(RuntimeEnvironment.GetRuntimeDirectory());
        IEnumerable<(string Role, string Path)> assemblies = AssemblyLoadContext.All
            .SelectMany(context => context.Assemblies.Select(assembly => (
                Role: context == AssemblyLoadContext.Default ? "engine assembly" : "plugin assembly",
                Path: assembly.IsDynamic ? string.Empty : assembly.Location)))
            .Where(a => a.Path.Length > 0 && !Path.GetFullPath(a.Path).StartsWith(runtimeDirectory, StringComparison.Ordinal))
            .OrderBy(a => a.Path, StringComparer.Ordinal);
        List<RunInput> inputs = [.. Of(request).Select(input => ledger.Input(input.Role, input.Path, cancellationToken))];
        foreach ((string role, string path) in ledger.Discovered.Where(found => inputs.All(input => input.Path != found.Path)))
        {
            inputs.Add(ledger.Input(role, path, cancellationToken));
        }

        foreach ((string role, string path) in assemblies.Select(a => (a.Role, Path: Path.GetFullPath(a.Path))).DistinctBy(a => a.Path, StringComparer.Ordinal))
        {
            if (inputs.Any(input => input.Path == path))
            {
                continue;
            }

            try
            {
                inputs.Add(ledger.Input(role, path, cancellationToken));
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                // Loaded in this process from a file since deleted (a host that outlives its plugin folders, as tests do):
                // nothing on disk can change it, so there is nothing to watch.
            }
        }

        return inputs;
    }

    private static void Add(List<CompressionInput> inputs, string role, string? path, SourceLocation? location)
    {
        if (!string.IsNullOrEmpty(path))
        {
            inputs.Add(new CompressionInput(role, path, location ?? SourceLocation.OfFile(path)));
        }
    }
}
