using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using GroupReduce.Core.Models;
using GroupReduce.Trainer.Corpus;
using GroupReduce.Trainer.Model;

namespace GroupReduce.Trainer.Output;

/// <summary>
/// Writes an nplm v1 safetensors file (docs/language-model.md): the five weights in F16, the vocabulary as
/// <c>groupreduce.vocab.offsets</c> / <c>groupreduce.vocab.bytes</c>, and the <c>groupreduce.lm.*</c> metadata.
/// Written to a temporary file beside the target and renamed, so a failed run leaves no half file.
/// </summary>
public static class NplmModelFile
{
    public static void Write(string path, NplmWeights weights, Vocabulary vocabulary, IReadOnlyDictionary<string, string> extraMetadata)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(extraMetadata);
        NplmShape shape = weights.Shape;
        if (vocabulary.Count != shape.Vocabulary)
        {
            throw new ArgumentException($"The vocabulary has {vocabulary.Count} tokens but the model {shape.Vocabulary} rows.", nameof(vocabulary));
        }

        var metadata = new Dictionary<string, string>(extraMetadata, StringComparer.Ordinal)
        {
            ["groupreduce.lm.family"] = "nplm",
            ["groupreduce.lm.version"] = "1",
            ["groupreduce.lm.context"] = shape.Context.ToString(CultureInfo.InvariantCulture),
            ["groupreduce.lm.unk"] = Vocabulary.UnknownToken,
            ["groupreduce.lm.eos"] = Vocabulary.EndToken,
        };

        (long[] offsets, byte[] bytes) = EncodeVocabulary(vocabulary);
        SafetensorsEntry[] entries =
        [
            Half16("embedding.weight", weights.Embedding, shape.Vocabulary, shape.Embedding),
            Half16("hidden.weight", weights.HiddenWeight, shape.Hidden, shape.Input),
            Half16("hidden.bias", weights.HiddenBias, shape.Hidden),
            Half16("softmax.weight", weights.SoftmaxWeight, shape.Vocabulary, shape.Hidden),
            Half16("softmax.bias", weights.SoftmaxBias, shape.Vocabulary),
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

    private static SafetensorsEntry Half16(string name, float[] values, params long[] shape)
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
