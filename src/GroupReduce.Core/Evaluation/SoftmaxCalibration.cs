using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using GroupReduce.Abstractions;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Models;
using GroupReduce.Runtime;
using GroupReduce.Runtime.Kernels;

namespace GroupReduce.Core.Evaluation;

/// <summary>
/// Softmax calibration for any model: given the final hidden states <c>h_t</c> a user exported from their own
/// model and the tokens <c>y_t</c> that followed, the exact log-probabilities when only the softmax is compressed.
/// </summary>
public static class SoftmaxCalibration
{
    private const int Batch = 32;

    // Names that mark an output matrix, most specific first, for choosing among same-width candidates.
    private static readonly string[] SoftmaxHints = ["softmax", "lm_head", "decoder", "output", "head"];

    /// <summary>Scores the hidden states with the original and the compressed softmax.</summary>
    /// <param name="original">The original model.</param>
    /// <param name="artifact">The artifact made from it.</param>
    /// <param name="hiddenPath">An <c>.npy</c> of shape [N, h], float32/float16/float64.</param>
    /// <param name="nextPath">An <c>.npy</c> of shape [N], integer token ids.</param>
    /// <param name="softmaxName">The softmax tensor; null to choose the compressed matrix whose width is <c>h</c>.</param>
    /// <param name="biasName">The softmax bias; null for <c>&lt;prefix&gt;.bias</c> when the model has it, "" for none.</param>
    /// <param name="threads">Threads to use.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <param name="observer">Receives the progress (hidden states scored, with both matrices) as <paramref name="stage"/>; null for none.</param>
    /// <param name="stage">The stage name the progress is shown under.</param>
    /// <returns>The measures.</returns>
    public static CalibrationResult Run(ModelFile original, CompressedModel artifact, string hiddenPath, string nextPath, string? softmaxName, string? biasName, int threads, CancellationToken cancellationToken, IRunObserver? observer = null, string stage = "scoring hidden states")
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(artifact);
        using ModelFile hiddenFile = ModelFileReader.Open(hiddenPath);
        using ModelFile nextFile = ModelFileReader.Open(nextPath);
        ModelTensor hiddenTensor = Single(hiddenFile, "hidden states");
        ModelTensor nextTensor = Single(nextFile, "next tokens");
        if (!hiddenTensor.IsMatrix)
        {
            throw Invalid(hiddenFile.Path, $"the hidden states must be a floating-point matrix [N, h], not {hiddenTensor.DType} [{string.Join(", ", hiddenTensor.Shape)}]");
        }

        int width = (int)hiddenTensor.Shape[1];
        CompressedMatrix compressed = ChooseSoftmax(artifact, softmaxName, width);
        ModelTensor originalTensor = original.FindTensor(compressed.Name) ?? throw new GroupReduceException(EvaluationErrorCodes.ArtifactDoesNotMatch, $"the model '{original.Path}' has no tensor '{compressed.Name}', which the artifact compresses: pass the model the artifact was made from", SourceLocation.OfFile(original.Path));
        DenseScoringMatrix dense = DenseScoringMatrix.Read(originalTensor.AsMatrix());
        if (dense.Rows != compressed.Rows || dense.Columns != compressed.Columns)
        {
            throw new GroupReduceException(EvaluationErrorCodes.ArtifactDoesNotMatch, $"'{compressed.Name}' is {dense.Rows} x {dense.Columns} in the model but {compressed.Rows} x {compressed.Columns} in the artifact: pass the model the artifact was made from", SourceLocation.OfFile(original.Path));
        }

        if (width != compressed.Columns)
        {
            throw Invalid(hiddenFile.Path, $"the hidden states are {width} wide but '{compressed.Name}' has {compressed.Columns} columns");
        }

        (string? biasUsed, float[]? bias) = ReadBias(original, compressed, biasName);
        float[] hidden = new float[checked(hiddenTensor.Shape[0] * width)];
        hiddenTensor.AsMatrix().CopyRows(0, (int)hiddenTensor.Shape[0], hidden);
        int bad = Array.FindIndex(hidden, x => !float.IsFinite(x));
        if (bad >= 0)
        {
            throw Invalid(hiddenFile.Path, $"hidden state {bad / width} has a non-finite value ({hidden[bad]}) in column {bad % width}");
        }

        int[] next = ReadTokens(nextFile.Path, nextTensor, hiddenTensor.Shape[0], compressed.Rows);
        var scored = new PredictionCounter(observer is null ? null : new StageProgress(observer, stage, next.Length));
        return Score(hidden, width, next, dense, new CompressedScoringMatrix(compressed), bias, compressed.Name, biasUsed, threads, scored, cancellationToken);
    }

    private static CalibrationResult Score(float[] hidden, int width, int[] next, IScoringMatrix original, IScoringMatrix compressed, float[]? bias, string softmax, string? biasName, int threads, PredictionCounter scored, CancellationToken cancellationToken)
    {
        int n = next.Length;
        int v = original.Rows;
        var originalLoss = new double[n];
        var compressedLoss = new double[n];
        var kl = new double[n];
        var top1 = new bool[n];
        var top5 = new int[n];
        int batches = (n + Batch - 1) / Batch;
        Parallel.For(
            0,
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken },
            () => (Original: new float[Batch * v], Compressed: new float[Batch * v], Scratch: new float[v]),
            (batch, _, buffers) =>
            {
                int first = batch * Batch;
                int count = Math.Min(Batch, n - first);
                ReadOnlySpan<float> states = hidden.AsSpan(first * width, count * width);
                original.MultiplyBatch(states, count, buffers.Original);
                compressed.MultiplyBatch(states, count, buffers.Compressed);
                Span<int> bestOriginal = stackalloc int[5];
                Span<int> bestCompressed = stackalloc int[5];
                for (int b = 0; b < count; b++)
                {
                    Span<float> p = buffers.Original.AsSpan(b * v, v);
                    Span<float> q = buffers.Compressed.AsSpan(b * v, v);
                    if (bias is not null)
                    {
                        TensorPrimitives.Add(p, bias, p);
                        TensorPrimitives.Add(q, bias, q);
                    }

                    TopK(p, bestOriginal);
                    TopK(q, bestCompressed);
                    Softmax.ToLogProbabilities(p);
                    Softmax.ToLogProbabilities(q);
                    int i = first + b;
                    originalLoss[i] = -p[next[i]];
                    compressedLoss[i] = -q[next[i]];
                    top1[i] = bestOriginal[0] == bestCompressed[0];
                    int overlap = 0;
                    foreach (int token in bestOriginal)
                    {
                        overlap += bestCompressed.Contains(token) ? 1 : 0;
                    }

                    top5[i] = overlap;

                    // KL(p‖q) = Σ p (log p − log q), p = exp(log p).
                    TensorPrimitives.Subtract(p, q, q);
                    TensorPrimitives.Exp(p, buffers.Scratch);
                    kl[i] = Math.Max(0, TensorPrimitives.Dot(buffers.Scratch, q));
                }

                scored.Add(count);
                return buffers;
            },
            _ => { });

        return new CalibrationResult(
            n,
            softmax,
            biasName,
            Math.Exp(originalLoss.Sum() / n),
            Math.Exp(compressedLoss.Sum() / n),
            kl.Sum() / n,
            (double)top1.Count(t => t) / n,
            top5.Sum() / (5.0 * n));
    }

    // The indices of the k largest values, largest first (ties: the lower index first).
    private static void TopK(ReadOnlySpan<float> values, Span<int> best)
    {
        int k = Math.Min(best.Length, values.Length);
        int filled = 0;
        for (int i = 0; i < values.Length; i++)
        {
            float value = values[i];
            if (filled == k && value <= values[best[k - 1]])
            {
                continue;
            }

            int at = filled < k ? filled++ : k - 1;
            while (at > 0 && values[best[at - 1]] < value)
            {
                best[at] = best[at - 1];
                at--;
            }

            best[at] = i;
        }
    }

    private static CompressedMatrix ChooseSoftmax(CompressedModel artifact, string? name, int width)
    {
        if (name is not null)
        {
            return artifact.TryGetMatrix(name, out CompressedMatrix chosen)
                ? chosen
                : throw new GroupReduceException(EvaluationErrorCodes.SoftmaxNotFound, $"the artifact '{artifact.Path}' does not compress '{name}'; it compresses {string.Join(", ", artifact.Matrices.Select(m => $"'{m.Name}'"))}", SourceLocation.OfFile(artifact.Path));
        }

        List<CompressedMatrix> candidates = artifact.Matrices.Where(m => m.Columns == width).ToList();
        if (candidates.Count > 1)
        {
            foreach (string hint in SoftmaxHints)
            {
                List<CompressedMatrix> named = candidates.Where(m => m.Name.Contains(hint, StringComparison.OrdinalIgnoreCase)).ToList();
                if (named.Count == 1)
                {
                    return named[0];
                }
            }
        }

        return candidates.Count == 1
            ? candidates[0]
            : throw new GroupReduceException(
                EvaluationErrorCodes.SoftmaxNotFound,
                candidates.Count == 0
                    ? $"no matrix in '{artifact.Path}' is {width} columns wide like the hidden states (it compresses {string.Join(", ", artifact.Matrices.Select(m => $"'{m.Name}' ({m.Columns})"))}); check the hidden-state export"
                    : $"several compressed matrices are {width} columns wide ({string.Join(", ", candidates.Select(m => $"'{m.Name}'"))}); name the softmax with --softmax",
                SourceLocation.OfFile(artifact.Path));
    }

    private static (string? Name, float[]? Values) ReadBias(ModelFile original, CompressedMatrix softmax, string? name)
    {
        if (name is { Length: 0 })
        {
            return (null, null);
        }

        string candidate = name ?? (softmax.Name.EndsWith(".weight", StringComparison.Ordinal) ? softmax.Name[..^".weight".Length] + ".bias" : softmax.Name + ".bias");
        ModelTensor? tensor = original.FindTensor(candidate);
        if (tensor is null)
        {
            return name is null
                ? (null, null)
                : throw new GroupReduceException(EvaluationErrorCodes.SoftmaxNotFound, $"the model '{original.Path}' has no bias tensor '{name}'", SourceLocation.OfFile(original.Path));
        }

        float[]? values = TensorValues.TryRead(tensor);
        if (values is null || values.Length != softmax.Rows)
        {
            throw new GroupReduceException(EvaluationErrorCodes.SoftmaxNotFound, $"the bias '{candidate}' is {tensor.DType} [{string.Join(", ", tensor.Shape)}]; it must be a floating-point vector of {softmax.Rows} values (pass --bias \"\" for none)", SourceLocation.OfFile(original.Path));
        }

        return (candidate, values);
    }

    private static int[] ReadTokens(string path, ModelTensor tensor, long expected, int vocabulary)
    {
        if (tensor.Shape.Count != 1 || tensor.Shape[0] != expected)
        {
            throw Invalid(path, $"the next tokens must be a vector of {expected} ids (one per hidden state), not [{string.Join(", ", tensor.Shape)}]");
        }

        using var buffer = new MemoryStream();
        tensor.CopyRawTo(buffer, CancellationToken.None);
        ReadOnlySpan<byte> bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        long[] ids = tensor.DType switch
        {
            TensorDType.I64 => MemoryMarshal.Cast<byte, long>(bytes).ToArray(),
            TensorDType.I32 => Array.ConvertAll(MemoryMarshal.Cast<byte, int>(bytes).ToArray(), x => (long)x),
            TensorDType.U32 => Array.ConvertAll(MemoryMarshal.Cast<byte, uint>(bytes).ToArray(), x => (long)x),
            TensorDType.I16 => Array.ConvertAll(MemoryMarshal.Cast<byte, short>(bytes).ToArray(), x => (long)x),
            TensorDType.U16 => Array.ConvertAll(MemoryMarshal.Cast<byte, ushort>(bytes).ToArray(), x => (long)x),
            _ => throw Invalid(path, $"the next tokens must be integers (int64, int32, uint32, int16 or uint16), not {tensor.DType}"),
        };
        var result = new int[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] < 0 || ids[i] >= vocabulary)
            {
                throw Invalid(path, $"next token {i} is {ids[i]}, outside the vocabulary of {vocabulary} rows");
            }

            result[i] = (int)ids[i];
        }

        return result;
    }

    private static ModelTensor Single(ModelFile file, string what) => file.Tensors.Count == 1
        ? file.Tensors[0]
        : throw Invalid(file.Path, $"the {what} file must hold one array (.npy), not {file.Tensors.Count}");

    private static GroupReduceException Invalid(string path, string detail) =>
        new(EvaluationErrorCodes.CalibrationDataInvalid, $"{Path.GetFileName(path)}: {detail}", SourceLocation.OfFile(path));
}
