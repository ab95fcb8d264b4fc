using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GroupReduce.Runtime.Kernels;

namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// Little-endian float32: a plain copy, done with a vector loop rather than <c>Span.CopyTo</c>. The
/// latter hands slices of this size to the C library's <c>memmove</c>, which on some x64 machines
/// (measured: AMD Zen 4 under virtualisation) picks <c>rep movsb</c> and runs several times slower
/// when source and destination sit a few bytes apart modulo the page size, as mapped rows often do.
/// </summary>
internal sealed class Float32Decoder : ElementDecoder
{
    /// <summary>The shared instance.</summary>
    public static readonly Float32Decoder Instance = new();

    /// <inheritdoc />
    public override int BlockElements => 1;

    /// <inheritdoc />
    public override int BlockBytes => sizeof(float);

    /// <inheritdoc />
    public override bool IsFloat32 => true;

    /// <inheritdoc />
    public override void Decode(ReadOnlySpan<byte> source, Span<float> destination) => Decode(source, destination, VectorPaths.Best);

    /// <summary>Decodes on a chosen vector path, so that tests can check every path the machine supports.</summary>
    /// <param name="source">The encoded values.</param>
    /// <param name="destination">Receives the floats.</param>
    /// <param name="path">The widest vectors to use.</param>
    internal void Decode(ReadOnlySpan<byte> source, Span<float> destination, VectorPath path)
    {
        ReadOnlySpan<float> values = MemoryMarshal.Cast<byte, float>(source);
        int count = destination.Length;
        if (values.Length < count)
        {
            throw new ArgumentException("Source is shorter than destination.", nameof(source));
        }

        ref float from = ref MemoryMarshal.GetReference(values);
        ref float to = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (path >= VectorPath.Vector512)
        {
            for (; i <= count - (2 * Vector512<float>.Count); i += 2 * Vector512<float>.Count)
            {
                Vector512<float> a = Vector512.LoadUnsafe(ref from, (nuint)i);
                Vector512<float> b = Vector512.LoadUnsafe(ref from, (nuint)(i + Vector512<float>.Count));
                a.StoreUnsafe(ref to, (nuint)i);
                b.StoreUnsafe(ref to, (nuint)(i + Vector512<float>.Count));
            }
        }
        else if (path >= VectorPath.Vector256)
        {
            for (; i <= count - (2 * Vector256<float>.Count); i += 2 * Vector256<float>.Count)
            {
                Vector256<float> a = Vector256.LoadUnsafe(ref from, (nuint)i);
                Vector256<float> b = Vector256.LoadUnsafe(ref from, (nuint)(i + Vector256<float>.Count));
                a.StoreUnsafe(ref to, (nuint)i);
                b.StoreUnsafe(ref to, (nuint)(i + Vector256<float>.Count));
            }
        }
        else if (path >= VectorPath.Vector128)
        {
            for (; i <= count - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                Vector128.LoadUnsafe(ref from, (nuint)i).StoreUnsafe(ref to, (nuint)i);
            }
        }

        for (; i < count; i++)
        {
            Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i);
        }
    }
}
