using System.Text;

namespace GroupReduce.Fuzzing.Mutations;

/// <summary>Structure-aware edits of a line of text: the mistakes and attacks text inputs meet.</summary>
internal static class LineEdit
{
    private const int Edits = 11;

    public static byte[] Apply(byte[] bytes, Mutation m)
    {
        List<byte[]> lines = Split(bytes);
        int index = m.Position % lines.Count;
        byte[] line = lines[index];
        int choice = m.Choice / Edits;
        switch (m.Choice % Edits)
        {
            case 0:
                lines.RemoveAt(index);
                break;
            case 1:
                for (int i = 0; i <= m.Length % 8; i++)
                {
                    lines.Insert(index, line);
                }

                break;
            case 2:
                // A line far longer than any real one: line-length caps and quoting in messages.
                lines.Insert(index, Encoding.ASCII.GetBytes(new string((char)('a' + (choice % 26)), 4096 << (m.Length % 6))));
                break;
            case 3:
                lines[index] = ReplaceToken(line, BoundaryValues.TextToken(choice), m.Length);
                break;
            case 4:
                lines[index] = InsertAt(line, m.Length, "\t"u8);
                break;
            case 5:
                lines[index] = InsertAt(line, m.Length, "\r"u8);
                break;
            case 6:
                lines[index] = InsertAt(line, m.Length, [0]);
                break;
            case 7:
                lines[index] = InsertAt(line, m.Length, (choice % 3) switch { 0 => [0xC3, 0x28], 1 => [0xED, 0xA0, 0x80], _ => [0xFF] });
                break;
            case 8:
                if (index + 1 < lines.Count)
                {
                    (lines[index], lines[index + 1]) = (lines[index + 1], lines[index]);
                }

                break;
            case 9:
                lines[0] = [0xEF, 0xBB, 0xBF, .. lines[0]];
                break;
            default:
                lines[index] = line[..(line.Length / 2)];
                break;
        }

        return Join(lines);
    }

    private static List<byte[]> Split(byte[] bytes)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lines.Add(bytes[start..i]);
                start = i + 1;
            }
        }

        lines.Add(bytes[start..]);
        return lines;
    }

    private static byte[] Join(List<byte[]> lines)
    {
        using var buffer = new MemoryStream();
        for (int i = 0; i < lines.Count; i++)
        {
            if (i > 0)
            {
                buffer.WriteByte((byte)'\n');
            }

            buffer.Write(lines[i]);
        }

        return buffer.ToArray();
    }

    private static byte[] InsertAt(byte[] line, int position, ReadOnlySpan<byte> insert)
    {
        int at = line.Length == 0 ? 0 : position % (line.Length + 1);
        return [.. line.AsSpan(0, at), .. insert, .. line.AsSpan(at)];
    }

    private static byte[] ReplaceToken(byte[] line, string token, int which)
    {
        // Tokens are separated by spaces or tabs; the n-th one (mod their number) is replaced.
        var starts = new List<(int Start, int End)>();
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && line[i] is (byte)' ' or (byte)'\t')
            {
                i++;
            }

            int start = i;
            while (i < line.Length && line[i] is not ((byte)' ' or (byte)'\t'))
            {
                i++;
            }

            if (i > start)
            {
                starts.Add((start, i));
            }
        }

        byte[] text = Encoding.UTF8.GetBytes(token);
        if (starts.Count == 0)
        {
            return text;
        }

        (int s, int e) = starts[which % starts.Count];
        return [.. line.AsSpan(0, s), .. text, .. line.AsSpan(e)];
    }
}
