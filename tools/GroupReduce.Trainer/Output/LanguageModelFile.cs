using System.Runtime.InteropServices;
using System.Text;
using GroupReduce.Core.Models;
using GroupReduce.Trainer.Corpus;

namespace GroupReduce.Trainer.Output;

/// <summary>
/// What every family's file shares (docs/language-model.md): F16 weight entries, the vocabulary as
/// <c>groupreduce.vocab.offsets</c> / <c>groupreduce.vocab.bytes</c>, the common <c>groupreduce.lm.*</c> keys, and
/// a write to a temporary file beside the target that is renamed, so a failed run leaves no half file.
/// </summary>
internal static class LanguageModelFile
{
    /// <summary>The argument checks every family's writer makes; the vocabulary must have one token per model row.</summary>
    public static void CheckArguments(Vocabulary vocabulary, int rows, IReadOnlyDictionary<string, string> extraMetadata)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(extraMetadata);
        if (vocabulary.Count != rows)
        {
            throw new ArgumentException($"The vocabulary has {vocabulary.Count} tokens but the model {rows} rows.", nameof(vocabulary));
        }
    }

    public static Dictionary<string, string> Metadata(string family, IReadOnlyDictionary<string, string> extraMetadata)
    {
        ArgumentNullException.ThrowIfNull(extraMetadata);
        return new Dictionary<string, string>(extraMetadata, StringComparer.Ordinal)
        {
            ["groupreduce.lm.family"] = family,
            ["groupreduce.lm.version"] = "1",
            ["groupreduce.lm.unk"] = Vocabulary.UnknownToken,
            ["groupreduce.lm.eos"] = Vocabulary.EndToken,
        };
    }

    /// <summary>The weights followed by the two vocabulary tensors.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, string> metadata, Vocabulary vocabulary, IEnumerable<SafetensorsEntry> weights)
    {
        (long[] offsets, byte[] bytes) = EncodeVocabulary(vocabulary);
        SafetensorsEntry[] entries =
        [
            .. weights,
            SafetensorsEntry.FromBytes("groupreduce.vocab.offsets", "I64", [offsets.Length], MemoryMarshal.AsBytes(offsets.AsSpan()).ToArray()),
            SafetensorsEntry.FromBytes("groupreduce.vocab.bytes", "U8", [bytes.Length], bytes),
        ];

        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (FileStream stream = File.Create(temporary))
            {
                SafetensorsWriter.Write(stream, metadata, entries);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static (long[] Offsets, byte[] Bytes) EncodeVocabulary(Vocabulary vocabulary)
    {
        var offsets = new long[vocabulary.Count + 1];
        using var bytes = new MemoryStream();
        for (int i = 0; i < vocabulary.Count; i++)
        {
            byte[] token = Encoding.UTF8.GetBytes(vocabulary.Tokens[i]);
            bytes.Write(token);
            offsets[i + 1] = offsets[i] + token.Length;
        }

        return (offsets, bytes.ToArray());
    }

    public static SafetensorsEntry Half16(string name, float[] values, params long[] shape)
    {
        var halves = new Half[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            halves[i] = (Half)values[i];
            if (!Half.IsFinite(halves[i]))
            {
                throw new InvalidOperationException($"{name}[{i}] = {values[i]} does not fit in F16.");
            }
        }

        // Little-endian, as safetensors requires; the reinterpretation below assumes a little-endian machine.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The model writer needs a little-endian machine.");
        }

        return SafetensorsEntry.FromBytes(name, "F16", shape, MemoryMarshal.AsBytes(halves.AsSpan()).ToArray());
    }
}
