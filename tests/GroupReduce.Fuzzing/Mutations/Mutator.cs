using System.Buffers.Binary;

namespace GroupReduce.Fuzzing.Mutations;

/// <summary>Applies mutations to a seed, each on the result of the one before.</summary>
public static class Mutator
{
    private static readonly byte[][] Inserts =
    [
        [0x00], [0xFF], [0x0A], [0x09], [0x22], [0x5C], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xFF, 0xFF, 0xFF, 0xFF], [0x00, 0x00, 0x00, 0x80], [0x7B, 0x7D], [0x5B, 0x5D], [0x2C],
    ];

    /// <summary>Returns a mutated copy of <paramref name="seed"/>.</summary>
    /// <param name="seed">The valid input to start from.</param>
    /// <param name="shape">Its structure, for the structure-aware mutations.</param>
    /// <param name="mutations">The mutations, applied in order.</param>
    /// <returns>The mutated bytes.</returns>
    public static byte[] Apply(byte[] seed, InputShape shape, IReadOnlyList<Mutation> mutations)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(mutations);
        byte[] bytes = seed;
        foreach (Mutation mutation in mutations)
        {
            bytes = Apply(bytes, shape, mutation);
        }

        return bytes;
    }

    private static byte[] Apply(byte[] bytes, InputShape shape, Mutation m)
    {
        if (bytes.Length == 0)
        {
            return m.Kind == MutationKind.Insert ? Inserts[m.Choice % Inserts.Length] : bytes;
        }

        int at = m.Position % bytes.Length;
        switch (m.Kind)
        {
            case MutationKind.FlipBit:
            {
                byte[] copy = (byte[])bytes.Clone();
                copy[at] ^= (byte)(1 << (m.Choice % 8));
                return copy;
            }

            case MutationKind.SetByte:
            {
                byte[] copy = (byte[])bytes.Clone();
                copy[at] = (byte)m.Choice;
                return copy;
            }

            case MutationKind.SetInteger:
                return SetInteger(bytes, at, m.Length, m.Choice);
            case MutationKind.Insert:
            {
                byte[] insert = Inserts[m.Choice % Inserts.Length];
                int position = m.Position % (bytes.Length + 1);
                return [.. bytes.AsSpan(0, position), .. insert, .. bytes.AsSpan(position)];
            }

            case MutationKind.Delete:
            {
                int length = Math.Min(1 + m.Length, bytes.Length - at);
                return [.. bytes.AsSpan(0, at), .. bytes.AsSpan(at + length)];
            }

            case MutationKind.Truncate:
                return bytes[..at];
            case MutationKind.Splice:
            {
                int length = Math.Min(1 + m.Length, bytes.Length - at);
                int to = m.Choice % bytes.Length;
                byte[] copy = (byte[])bytes.Clone();
                int count = Math.Min(length, copy.Length - to);
                bytes.AsSpan(at, count).CopyTo(copy.AsSpan(to));
                return copy;
            }

            case MutationKind.JsonEdit when shape == InputShape.JsonHeader:
                return JsonHeaderEdit.Apply(bytes, m) ?? SetInteger(bytes, at, m.Length, m.Choice);
            case MutationKind.LineEdit when shape == InputShape.Text:
                return LineEdit.Apply(bytes, m);
            default:
                // A structure-aware edit on an input of another shape: the integer mutation is the useful fallback.
                return SetInteger(bytes, at, m.Length, m.Choice);
        }
    }

    private static byte[] SetInteger(byte[] bytes, int at, int widthChoice, int choice)
    {
        int width = (widthChoice % 4) switch { 0 => 1, 1 => 2, 2 => 4, _ => 8 };
        if (bytes.Length < width)
        {
            return bytes;
        }

        // Fields are mostly aligned to their width in the formats fuzzed here; aligning finds them far more often.
        at = Math.Min(at - (at % width), bytes.Length - width);
        long value = BoundaryValues.Integer(choice, bytes.Length);
        byte[] copy = (byte[])bytes.Clone();
        Span<byte> span = copy.AsSpan(at, width);
        switch (width)
        {
            case 1:
                span[0] = (byte)value;
                break;
            case 2:
                BinaryPrimitives.WriteInt16LittleEndian(span, (short)value);
                break;
            case 4:
                BinaryPrimitives.WriteInt32LittleEndian(span, (int)value);
                break;
            default:
                BinaryPrimitives.WriteInt64LittleEndian(span, value);
                break;
        }

        return copy;
    }
}
