using System.Runtime.CompilerServices;

namespace GroupReduce.Runtime.Kernels;

/// <summary>Plain loops over 16 bytes: the reference twin the vector paths are tested against, and the last fallback.</summary>
internal readonly struct IntegerDotsScalar : IIntegerDots<int>
{
    /// <inheritdoc />
    public static int Bytes => 16;

    /// <inheritdoc />
    public static int Zero => 0;

    /// <inheritdoc />
    public static int Int8(int sum, ref sbyte q, ref sbyte x)
    {
        for (int j = 0; j < 16; j++)
        {
            sum += Unsafe.Add(ref q, j) * Unsafe.Add(ref x, j);
        }

        return sum;
    }

    /// <inheritdoc />
    public static int Int4Biased(int sum, ref byte packed, ref sbyte x)
    {
        for (int i = 0; i < 16; i++)
        {
            int flipped = Unsafe.Add(ref packed, i) ^ 0x88;
            sum += ((flipped & 0x0F) * Unsafe.Add(ref x, i)) + ((flipped >> 4) * Unsafe.Add(ref x, 16 + i));
        }

        return sum;
    }

    /// <inheritdoc />
    public static int Total(int sum) => sum;
}
