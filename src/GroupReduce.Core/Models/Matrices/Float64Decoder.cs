using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GroupReduce.Runtime.Kernels;

namespace GroupReduce.Core.Models.Matrices;

/// <summary>float64 narrowed to float32 (round to nearest, as a C# cast does).</summary>
internal sealed class Float64Decoder : ElementDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly Float64Decoder Instance = new();

    /// <inheritdoc />
    public override int BlockElements => 1;

    /// <inheritdoc />
    public override int BlockBytes => sizeof(double);

    /// <inheritdoc />
    public override void Decode(ReadOnlySpan<byte> source, Span<float> destination) => Decode(source, destination, VectorPaths.Best);

    /// <summary>Decodes on a chosen vector path, so that tests can check every path the machine supports.</summary>
    /// <param name="source">The encoded values.</param>
    /// <param name="destination">Receives the floats.</param>
    /// <param name="path">The widest vectors to use.</param>
    internal void Decode(ReadOnlySpan<byte> source, Span<float> destination, VectorPath path)
    {
        ReadOnlySpan<double> values = MemoryMarshal.Cast<byte, double>(source);
        int count = destination.Length;
        if (values.Length < count)
        {
            throw new ArgumentException("Source is shorter than destination.", nameof(source));
        }

        ref double from = ref MemoryMarshal.GetReference(values);
        ref float to = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (path >= VectorPath.Vector512)
        {
            for (; i <= count - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512<double> lower = Vector512.LoadUnsafe(ref from, (nuint)i);
                Vector512<double> upper = Vector512.LoadUnsafe(ref from, (nuint)(i + Vector512<double>.Count));
                Vector512.Narrow(lower, upper).StoreUnsafe(ref to, (nuint)i);
            }
        }
        else if (path >= VectorPath.Vector256)
        {
            for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<double> lower = Vector256.LoadUnsafe(ref from, (nuint)i);
                Vector256<double> upper = Vector256.LoadUnsafe(ref from, (nuint)(i + Vector256<double>.Count));
                Vector256.Narrow(lower, upper).StoreUnsafe(ref to, (nuint)i);
            }
        }
        else if (path >= VectorPath.Vector128)
        {
            for (; i <= count - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                Vector128<double> lower = Vector128.LoadUnsafe(ref from, (nuint)i);
                Vector128<double> upper = Vector128.LoadUnsafe(ref from, (nuint)(i + Vector128<double>.Count));
                Vector128.Narrow(lower, upper).StoreUnsafe(ref to, (nuint)i);
            }
        }

        for (; i < count; i++)
        {
            Unsafe.Add(ref to, i) = (float)Unsafe.Add(ref from, i);
        }
    }
}
