using GroupReduce.Core.Methods;
using GroupReduce.Core.Models;

namespace GroupReduce.Core.Artifacts;

/// <summary>
/// Writes a compressed model in one output format. <see cref="ArtifactWriters.For"/> chooses the writer from the input's
/// format, so a second output format (an ONNX model for an ONNX input) is one more implementation and one more arm there.
/// </summary>
internal interface IArtifactWriter
{
    /// <summary>Writes the artifact to a temporary file beside <paramref name="path"/> and returns its manifest and the staged file.</summary>
    /// <param name="path">Where the artifact goes once the caller commits it.</param>
    /// <param name="model">The input model (its tensors that are not compressed travel unchanged).</param>
    /// <param name="result">The compressed matrices.</param>
    /// <param name="header">The manifest's run-wide fields (tool, plugins, input, method, budget, original bytes).</param>
    /// <param name="specText">The spec, verbatim.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>The manifest as written (with its partitions, matrices and compressed bytes) and the staged file.</returns>
    (ArtifactManifest Manifest, StagedFile File) Stage(string path, ModelFile model, MethodResult result, ArtifactManifest header, string specText, CancellationToken cancellationToken);
}
