using System.Globalization;
using System.Text;

namespace GroupReduce.Testing.Models;

/// <summary>Writes word2vec binary/text and GloVe files the way the original tools lay them out.</summary>
public static class Word2VecBytes
{
    public static byte[] Binary((string Token, float[] Values)[] rows, bool newlineAfterRows = true)
    {
        using var buffer = new MemoryStream();
        int columns = rows.Length == 0 ? 1 : rows[0].Values.Length;
        buffer.Write(Encoding.ASCII.GetBytes($"{rows.Length} {columns}\n"));
        foreach ((string token, float[] values) in rows)
        {
            buffer.Write(Encoding.UTF8.GetBytes(token + " "));
            buffer.Write(LittleEndian.Floats(values));
            if (newlineAfterRows)
            {
                buffer.WriteByte((byte)'\n');
            }
        }

        return buffer.ToArray();
    }

    public static string Text((string Token, float[] Values)[] rows, bool header, string newline = "\n")
    {
        var text = new StringBuilder();
        if (header)
        {
            text.Append(CultureInfo.InvariantCulture, $"{rows.Length} {rows[0].Values.Length}{newline}");
        }

        foreach ((string token, float[] values) in rows)
        {
            text.Append(token);
            foreach (float value in values)
            {
                text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append(newline);
        }

        return text.ToString();
    }
}
