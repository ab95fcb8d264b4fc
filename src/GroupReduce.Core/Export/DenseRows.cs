using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using GroupReduce.Core.Models;
using GroupReduce.Runtime;

namespace GroupReduce.Core.Export;

/// <summary>
/// Streams a compressed matrix as a dense row-major tensor: each row is what the runtime decodes
/// (<see cref="CompressedMatrix.GetRow"/>, the code apps ship), rounded to the matrix's original element type.
/// </summary>
internal static class DenseRows
{
    // Rows are encoded into a buffer of about this size and written together, so a wide matrix never sits whole in memory.
    private const int ChunkBytes = 1 << 20;

    /// <summary>
    /// The dtype a matrix is exported in: its original one when that is a float type safetensors, ONNX and NumPy all
    /// have (F32, F16, BF16, F64); F32 for anything else (GGUF's quantized block types such as <c>Q8_0</c>).
    /// </summary>
    /// <param name="originalDtype">The manifest's <c>original_dtype</c>.</param>
    /// <param name="blockTypesAs">The dtype for anything else: F32, or F16 for a GGUF export (llama.cpp's own choice for a dequantized matrix, half the bytes).</param>
    /// <returns>A safetensors dtype name.</returns>
    public static string DTypeFor(string originalDtype, string blockTypesAs = SafetensorsDType.F32) => originalDtype switch
    {
        SafetensorsDType.F32 => SafetensorsDType.F32,
        SafetensorsDType.F16 => SafetensorsDType.F16,
        SafetensorsDType.BF16 => SafetensorsDType.BF16,
        SafetensorsDType.F64 => SafetensorsDType.F64,
        _ => blockTypesAs,
    };

    /// <summary>Bytes per element of a dtype <see cref="DTypeFor"/> returns.</summary>
    /// <param name="dtype">The dtype.</param>
    /// <returns>The element size.</returns>
    public static int ElementSize(string dtype) => dtype switch
    {
        SafetensorsDType.F64 => 8,
        SafetensorsDType.F16 or SafetensorsDType.BF16 => 2,
        _ => 4,
    };

    /// <summary>Writes every row of <paramref name="matrix"/> in <paramref name="dtype"/>, row-major, little-endian.</summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="dtype">F32, F16, BF16 or F64.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="cancellationToken">Checked between chunks of rows.</param>
    public static void Write(CompressedMatrix matrix, string dtype, Stream destination, CancellationToken cancellationToken)
    {
        int columns = matrix.Columns;
        int size = ElementSize(dtype);
        int rowBytes = columns * size;
        int rowsPerChunk = Math.Max(1, ChunkBytes / Math.Max(1, rowBytes));
        var row = new float[columns];
        byte[] chunk = new byte[(long)Math.Min(rowsPerChunk, matrix.Rows) * rowBytes];
        for (int first = 0; first < matrix.Rows; first += rowsPerChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(rowsPerChunk, matrix.Rows - first);
            for (int k = 0; k < count; k++)
            {
                matrix.GetRow(first + k, row);
                Encode(row, dtype, chunk.AsSpan(k * rowBytes, rowBytes));
            }

            destination.Write(chunk, 0, count * rowBytes);
        }
    }

    /// <summary>Writes the transpose of <paramref name="matrix"/> (<c>[columns, rows]</c>) in <paramref name="dtype"/>, row-major.</summary>
    /// <param name="matrix">The matrix (its rows are the vocabulary; the output's columns).</param>
    /// <param name="dtype">F32, F16, BF16 or F64.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="cancellationToken">Checked between rows.</param>
    /// <remarks>The matrix is decoded whole first: a column of it touches every row.</remarks>
    public static void WriteTransposed(CompressedMatrix matrix, string dtype, Stream destination, CancellationToken cancellationToken)
    {
        int rows = matrix.Rows;
        int columns = matrix.Columns;
        var values = new float[(long)rows * columns];
        for (int i = 0; i < rows; i++)
        {
            matrix.GetRow(i, values.AsSpan(i * columns, columns));
        }

        var column = new float[rows];
        byte[] encoded = new byte[(long)rows * ElementSize(dtype)];
        for (int j = 0; j < columns; j++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < rows; i++)
            {
                column[i] = values[((long)i * columns) + j];
            }

            Encode(column, dtype, encoded);
            destination.Write(encoded);
        }
    }

    /// <summary>Encodes float32 values in a float dtype, rounding to nearest even as PyTorch and NumPy do.</summary>
    /// <param name="values">The values.</param>
    /// <param name="dtype">F32, F16, BF16 or F64.</param>
    /// <param name="destination">Exactly the encoded size.</param>
    public static void Encode(ReadOnlySpan<float> values, string dtype, Span<byte> destination)
    {
        switch (dtype)
        {
            case SafetensorsDType.F16:
                TensorPrimitives.ConvertToHalf(values, MemoryMarshal.Cast<byte, Half>(destination));
                break;
            case SafetensorsDType.BF16:
                for (int j = 0; j < values.Length; j++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(destination[(j * 2)..], ToBFloat16(values[j]));
                }

                break;
            case SafetensorsDType.F64:
                for (int j = 0; j < values.Length; j++)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(destination[(j * 8)..], values[j]);
                }

                break;
            default:
                MemoryMarshal.AsBytes(values).CopyTo(destination);
                break;
        }
    }

    // The top half of the float32, rounded to nearest even; a NaN stays a (quiet) NaN rather than rounding into infinity.
    private static ushort ToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        return float.IsNaN(value)
            ? (ushort)((bits >> 16) | 0x0040u)
            : (ushort)(unchecked(bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }
}
