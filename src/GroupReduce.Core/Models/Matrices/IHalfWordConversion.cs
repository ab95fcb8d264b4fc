using System.Runtime.Intrinsics;
using GroupReduce.Runtime.Kernels;

namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// How a 16-bit stored float (float16, bfloat16) becomes float32, as static abstract members of a struct so that
/// <see cref="HalfWordDecoding.Decode{TConversion}"/> is compiled once per format with every call inlined.
/// </summary>
internal interface IHalfWordConversion
{
    /// <summary>Converts sixteen values, each widened (zero-extended) to 32 bits.</summary>
    /// <param name="bits">The stored bit patterns.</param>
    /// <returns>The floats.</returns>
    static abstract Vector512<float> Convert(Vector512<uint> bits);

    /// <summary>Converts eight values, each widened (zero-extended) to 32 bits.</summary>
    /// <param name="bits">The stored bit patterns.</param>
    /// <returns>The floats.</returns>
    static abstract Vector256<float> Convert(Vector256<uint> bits);

    /// <summary>Converts what the 512- and 256-bit loops left (a format picks its own narrow path and tail).</summary>
    /// <param name="bits">The remaining stored values.</param>
    /// <param name="destination">Receives as many floats.</param>
    /// <param name="path">The widest vectors the caller allows.</param>
    static abstract void ConvertRest(ReadOnlySpan<ushort> bits, Span<float> destination, VectorPath path);
}
