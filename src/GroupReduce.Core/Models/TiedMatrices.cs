using System.IO.Hashing;

namespace GroupReduce.Core.Models;

/// <summary>
/// Finds vocabulary matrices stored twice with identical bytes (an embedding and a logits weight tied by value, a padded
/// tied embedding written under two names), so <c>inspect</c> can say to name one and tie the other in the spec.
/// </summary>
/// <remarks>
/// Cheap by design: only candidates are read — the vocabulary matrices an ONNX graph shows, otherwise the matrices with a
/// dimension equal to the vocabulary size (the largest dimension of any matrix when the file has no vocabulary) — and of
/// those only the ones that share their type and shape with another, hashed (XXH128) as their raw bytes stream by.
/// </remarks>
public static class TiedMatrices
{
    /// <summary>The groups of two or more candidates whose type, shape and bytes are identical.</summary>
    /// <param name="model">The model file.</param>
    /// <param name="cancellationToken">Stops the hashing.</param>
    /// <returns>Each group's tensor names in file order; groups in the order of their first tensor.</returns>
    public static IReadOnlyList<IReadOnlyList<string>> Find(ModelFile model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        List<ModelTensor> candidates = Candidates(model);
        var groups = new List<IReadOnlyList<string>>();
        foreach (IGrouping<string, ModelTensor> sameShape in candidates.GroupBy(Layout).Where(g => g.Count() > 1))
        {
            groups.AddRange(sameShape
                .GroupBy(t => Hash(t, cancellationToken))
                .Where(g => g.Count() > 1)
                .Select(g => (IReadOnlyList<string>)[.. g.Select(t => t.Name)]));
        }

        var order = candidates.Select((t, i) => (t.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        return [.. groups.OrderBy(g => order[g[0]])];
    }

    private static List<ModelTensor> Candidates(ModelFile model)
    {
        if (model.VocabularyMatrices.Count > 0)
        {
            return [.. model.VocabularyMatrices.Select(m => model.FindTensor(m.Tensor)).OfType<ModelTensor>().Distinct()];
        }

        List<ModelTensor> matrices = [.. model.Tensors.Where(t => t.Shape.Count == 2)];
        long size = model.Vocabulary?.Count ?? (matrices.Count == 0 ? 0 : matrices.Max(t => Math.Max(t.Shape[0], t.Shape[1])));
        return [.. matrices.Where(t => t.Shape[0] == size || t.Shape[1] == size)];
    }

    private static string Layout(ModelTensor tensor) => $"{tensor.GgmlTypeName ?? tensor.DType.ToString()} [{string.Join(", ", tensor.Shape)}] {tensor.ByteLength}";

    private static UInt128 Hash(ModelTensor tensor, CancellationToken cancellationToken)
    {
        using var sink = new HashSink();
        tensor.CopyRawTo(sink, cancellationToken);
        return sink.Hash.GetCurrentHashAsUInt128();
    }

    // Hashes what is written and keeps none of it.
    private sealed class HashSink() : WriteThroughStream(Null)
    {
        public XxHash128 Hash { get; } = new();

        protected override void AfterWrite(ReadOnlySpan<byte> buffer) => Hash.Append(buffer);
    }
}
