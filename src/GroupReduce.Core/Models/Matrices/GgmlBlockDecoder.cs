using System.Buffers.Binary;

namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// A GGML quantized block type decoded to float32 one block at a time, per ggml's <c>dequantize_row_*</c>
/// (ggml-quants.c) and the block structs of ggml-common.h: all arithmetic in float32, in ggml's order, so the
/// values are the ones llama.cpp computes.
/// </summary>
internal abstract class GgmlBlockDecoder : ElementDecoder
{
    /// <summary>The GGML type's name, for messages.</summary>
    public abstract string TypeName { get; }

    /// <inheritdoc />
    public override void Decode(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int blocks = destination.Length / BlockElements;
        if (destination.Length % BlockElements != 0 || source.Length < (long)blocks * BlockBytes)
        {
            throw new ArgumentException($"{TypeName} data must be whole {BlockBytes}-byte blocks of {BlockElements} values.", nameof(source));
        }

        for (int b = 0; b < blocks; b++)
        {
            DecodeBlock(source.Slice(b * BlockBytes, BlockBytes), destination.Slice(b * BlockElements, BlockElements));
        }
    }

    /// <summary>Decodes one block.</summary>
    /// <param name="block">Exactly <see cref="ElementDecoder.BlockBytes"/> bytes.</param>
    /// <param name="output">Exactly <see cref="ElementDecoder.BlockElements"/> values.</param>
    protected abstract void DecodeBlock(ReadOnlySpan<byte> block, Span<float> output);

    /// <summary>Reads a little-endian IEEE float16 (ggml's <c>ggml_half</c>) as float32.</summary>
    /// <param name="block">The block.</param>
    /// <param name="offset">The byte offset of the half.</param>
    /// <returns>The value.</returns>
    protected static float Half(ReadOnlySpan<byte> block, int offset) =>
        (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(block.Slice(offset, 2)));
}
