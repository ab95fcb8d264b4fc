using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Models;

namespace GroupReduce.Core.Export;

/// <summary>Writes an export as one safetensors file, through the engine's own writer (deterministic layout) and a staged file (atomic).</summary>
internal static class SafetensorsExport
{
    /// <summary>Writes the file.</summary>
    /// <param name="source">The tensors and metadata.</param>
    /// <param name="path">The full output path.</param>
    /// <param name="cancellationToken">Stops the write; nothing is left behind.</param>
    /// <returns>The bytes written.</returns>
    public static long Write(ExportSource source, string path, CancellationToken cancellationToken)
    {
        var entries = source.Tensors.Select(t => new SafetensorsEntry(t.Name, t.DType, t.Shape, t.ByteLength, t.WriteData)).ToList();
        using StagedFile staged = StagedFile.Write(path, stream => SafetensorsWriter.Write(stream, source.Metadata, entries, cancellationToken), cancellationToken);
        staged.Commit();
        return staged.Length;
    }
}
