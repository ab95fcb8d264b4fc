using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Core.Models;

/// <summary>
/// One tensor of an open model file. Its bytes stay in the (memory-mapped) file: a matrix is read
/// through <see cref="AsMatrix"/> row block by row block, and passed-through tensors are streamed.
/// </summary>
public abstract class ModelTensor
{
    /// <summary>The tensor's name (safetensors key, npz member, GGUF tensor name; <c>array</c> for .npy, <c>embedding</c> for word2vec/GloVe).</summary>
    public abstract string Name { get; }

    /// <summary>The element type.</summary>
    public abstract TensorDType DType { get; }

    /// <summary>The shape, outermost dimension first (row-major; a GGUF tensor's dimensions are reversed into this order).</summary>
    public abstract IReadOnlyList<long> Shape { get; }

    /// <summary>The tensor's size in bytes in its stored form.</summary>
    public abstract long ByteLength { get; }

    /// <summary>
    /// For GGML block types without a safetensors equivalent: the GGML type's name (e.g. <c>Q4_K</c>);
    /// otherwise <see langword="null"/>.
    /// </summary>
    public virtual string? GgmlTypeName => null;

    /// <summary>
    /// Whether <see cref="AsMatrix"/> works: two dimensions and a floating-point type or a GGML quantized type read
    /// as float32 (Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K to Q6_K).
    /// </summary>
    public bool IsMatrix => Shape.Count == 2 && Matrices.ElementDecoder.For(DType, GgmlTypeName) is not null;

    /// <summary>The tensor as a row matrix read as float32. Throws a GR2xxx error when <see cref="IsMatrix"/> is false.</summary>
    /// <returns>The matrix view; valid while the file is open.</returns>
    public abstract IRowMatrix AsMatrix();

    /// <summary>Streams the stored bytes unchanged (for passing the tensor through to the artifact).</summary>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="cancellationToken">Stops the copy.</param>
    public abstract void CopyRawTo(Stream destination, CancellationToken cancellationToken);
}
