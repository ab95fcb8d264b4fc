using System.Globalization;
using System.Text;
using GroupReduce.Core.Models;
using GroupReduce.SampleGenerator;

// Usage: dotnet run --project tools/GroupReduce.SampleGenerator -- [output folder]   (default: samples/tiny-lm)
string folder = args.Length > 0 ? args[0] : Path.Combine("samples", "tiny-lm");
Directory.CreateDirectory(folder);
var model = TinyLanguageModel.Generate(seed: 20181203);

var entries = new List<SafetensorsEntry>
{
    Float32("encoder.weight", model.Embedding, model.Vocabulary, model.Width),
    Float32("decoder.weight", model.Softmax, model.Vocabulary, model.Width),
    Float32("decoder.bias", model.Bias, model.Vocabulary),
    Float32("rnn.weight_ih", model.InputWeights, 4 * model.Width, model.Width),
    Float32("rnn.weight_hh", model.RecurrentWeights, 4 * model.Width, model.Width),
};
var metadata = new Dictionary<string, string> { ["format"] = "pt", ["description"] = "synthetic tiny LM vocabulary from tools/GroupReduce.SampleGenerator" };
using (var stream = File.Create(Path.Combine(folder, "lm.safetensors")))
{
    SafetensorsWriter.Write(stream, metadata, entries, CancellationToken.None);
}

File.WriteAllLines(Path.Combine(folder, "vocab.txt"), model.Tokens, new UTF8Encoding(false));
File.WriteAllLines(
    Path.Combine(folder, "counts.tsv"),
    model.Tokens.Select((token, i) => $"{token}\t{model.Counts[i].ToString(CultureInfo.InvariantCulture)}"),
    new UTF8Encoding(false));
Console.WriteLine($"wrote {folder}: {model.Vocabulary} tokens x {model.Width} (embedding, softmax, bias) and counts");

static SafetensorsEntry Float32(string name, float[] values, params long[] shape) =>
    new(name, "F32", shape, values.Length * 4L, stream =>
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        stream.Write(bytes);
    });
