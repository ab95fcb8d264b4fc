using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Models;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Matrices;

/// <summary>Finds the spec's matrices in the model and checks them: shape, type, tied copies, non-finite values.</summary>
internal static class MatrixResolver
{
    private const int CompareRows = 256;

    public static IReadOnlyList<ResolvedMatrix> Resolve(ModelFile model, CompressionSpec spec, int threads, IRunObserver observer, CancellationToken cancellationToken)
    {
        var named = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var resolved = new List<ResolvedMatrix>();
        foreach (MatrixSpec matrixSpec in spec.Matrices.Count > 0 ? spec.Matrices : FromGraph(model, spec))
        {
            ModelTensor tensor = Find(model, matrixSpec.Tensor, named);
            RequireMatrix(model, tensor, matrixSpec.Tensor.Location);
            var tied = new List<ModelTensor>();
            foreach (SpecValue<string> alias in matrixSpec.Tied)
            {
                ModelTensor other = Find(model, alias, named);
                if (!other.Shape.SequenceEqual(tensor.Shape))
                {
                    throw new GroupReduceException(
                        PipelineErrorCodes.TiedShapeMismatch,
                        $"'{alias.Value}' has shape [{string.Join(", ", other.Shape)}] but '{tensor.Name}' has [{string.Join(", ", tensor.Shape)}]; tied tensors must hold the same matrix",
                        alias.Location);
                }

                RequireMatrix(model, other, alias.Location);
                tied.Add(other);
            }

            // A weight the graph multiplies as stored [d, V] (MatMul(h, W)) is compressed as its transpose, one row per token.
            bool transposed = model.VocabularyMatrices.Any(v => v.Tensor == tensor.Name && v.VocabularyInColumns && !v.IsEmbedding);
            IRowMatrix Read(ModelTensor t) => transposed ? TransposedRowMatrix.Of(t.AsMatrix(), model.Path, cancellationToken) : t.AsMatrix();
            IRowMatrix matrix = Read(tensor);
            foreach (ModelTensor other in tied)
            {
                CheckSameValues(matrix, Read(other), matrixSpec, cancellationToken);
            }

            var norms = new double[matrix.Rows];
            (long count, long row, int column) = NonFiniteScanner.Scan(matrix, norms, threads, cancellationToken);
            if (count > 0)
            {
                if (spec.NonFinite.Value == NonFinitePolicy.Error)
                {
                    throw new GroupReduceException(
                        ErrorCodes.NonFiniteInput,
                        $"tensor '{tensor.Name}' in '{model.Path}' holds {count} NaN or infinite value(s), the first at row {row}, column {column}; fix the model, or set non_finite: zero to treat them as zero",
                        matrixSpec.Tensor.Location);
                }

                observer.Warning(ErrorCodes.NonFiniteInput, $"tensor '{tensor.Name}': {count} NaN or infinite value(s) treated as zero (non_finite: zero)", spec.NonFinite.Location);
                matrix = new SanitizedRowMatrix(matrix);
            }

            resolved.Add(new ResolvedMatrix
            {
                Spec = matrixSpec,
                Tensor = tensor,
                Matrix = matrix,
                Tied = tied,
                Transposed = transposed,
                NonFiniteValues = count,
                RowNormsSquared = norms,
            });
        }

        return resolved;
    }

    // The spec left out 'matrices': take the vocabulary matrices the model's graph shows, each once, where they are at.
    private static IReadOnlyList<MatrixSpec> FromGraph(ModelFile model, CompressionSpec spec)
    {
        SourceLocation at = new(spec.SourcePath, 1, 1);
        List<MatrixSpec> found = model.VocabularyMatrices
            .Select(matrix => new MatrixSpec { Tensor = new SpecValue<string>(matrix.Tensor, at), Tied = [], Location = at })
            .ToList();
        if (found.Count > 0)
        {
            return found;
        }

        string looked = model.Format == ModelFormat.Onnx
            ? "its graph has no initializer read by a Gather over the input ids (an embedding) and no weight of the MatMul/Gemm that makes an output (the logits: [V, d] through a Transpose or Gemm transB=1, or [d, V] multiplied directly)"
            : $"a {model.Format} file has no graph to show which tensors are the vocabulary's";
        throw new GroupReduceException(
            ModelErrorCodes.NoVocabularyMatrix,
            $"the spec lists no 'matrices' and '{model.Path}' shows none: {looked}; list the tensors to compress in the spec (e.g. matrices: [embedding.weight]; 'groupreduce inspect' lists the model's tensors)",
            at);
    }

    private static ModelTensor Find(ModelFile model, SpecValue<string> name, Dictionary<string, SourceLocation> named)
    {
        if (named.TryGetValue(name.Value, out SourceLocation first))
        {
            throw new GroupReduceException(
                PipelineErrorCodes.TensorNamedTwice,
                $"tensor '{name.Value}' is already named at line {first.Line}; list each tensor once (as a matrix or as a tied copy)",
                name.Location);
        }

        named[name.Value] = name.Location;
        if (model.FindTensor(name.Value) is { } tensor)
        {
            return tensor;
        }

        IEnumerable<string> candidates = model.Tensors.Where(t => t.IsMatrix).Select(t => $"{t.Name} [{string.Join("x", t.Shape)}]");
        string listed = string.Join(", ", candidates.Take(12));
        throw new GroupReduceException(
            PipelineErrorCodes.TensorNotFound,
            $"tensor '{name.Value}' is not in '{model.Path}'; its matrices are: {(listed.Length == 0 ? "(none)" : listed)}",
            name.Location);
    }

    private static void RequireMatrix(ModelFile model, ModelTensor tensor, SourceLocation location)
    {
        if (!tensor.IsMatrix)
        {
            throw new GroupReduceException(
                PipelineErrorCodes.NotAMatrix,
                $"tensor '{tensor.Name}' in '{model.Path}' is {tensor.GgmlTypeName ?? tensor.DType.ToString()} [{string.Join(", ", tensor.Shape)}]; only two-dimensional float (F32, F16, BF16, F64) or GGML Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K-Q6_K tensors with one row per vocabulary item can be compressed",
                location);
        }
    }

    private static void CheckSameValues(IRowMatrix left, IRowMatrix right, MatrixSpec spec, CancellationToken cancellationToken)
    {
        var a = new float[CompareRows * left.Columns];
        var b = new float[CompareRows * left.Columns];
        for (long first = 0; first < left.Rows; first += CompareRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int rows = (int)Math.Min(CompareRows, left.Rows - first);
            int length = rows * left.Columns;
            left.CopyRows(first, rows, a);
            right.CopyRows(first, rows, b);
            int mismatch = a.AsSpan(0, length).CommonPrefixLength(b.AsSpan(0, length));
            if (mismatch < length)
            {
                long row = first + (mismatch / left.Columns);
                throw new GroupReduceException(
                    ErrorCodes.TiedMatricesDiffer,
                    $"'{left.Name}' and '{right.Name}' are listed as tied but differ at row {row}, column {mismatch % left.Columns}; list them as separate matrices instead",
                    spec.Location);
            }
        }
    }
}
