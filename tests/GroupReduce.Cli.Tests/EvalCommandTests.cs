using System.Text;
using System.Text.Json;

namespace GroupReduce.Cli.Tests;

/// <summary><c>groupreduce eval</c> on the committed Brown model.</summary>
public sealed class EvalCommandTests
{
    private static string Brown(string name) => Path.Combine(AppContext.BaseDirectory, "brown-lm", name);

    [Fact]
    public void Eval_prints_perplexity_before_and_after_and_every_matrix_and_writes_json()
    {
        using var cli = new CliRun();
        Assert.Equal(0, cli.Run("compress", Brown("lm.safetensors"), "--spec", Brown("groupreduce.yaml"), "-o", cli["lm.gr.safetensors"], "--quiet"));

        Assert.Equal(0, cli.Run("eval", Brown("lm.safetensors"), cli["lm.gr.safetensors"], "--spec", Brown("groupreduce.yaml"), "--tokens", Brown("test.txt"), "--max-sentences", "8", "-o", cli["eval.json"]));

        Assert.Contains("perplexity", cli.Output, StringComparison.Ordinal);
        Assert.Contains("embedding.weight", cli.Output, StringComparison.Ordinal);
        Assert.Contains("softmax.weight group", cli.Output, StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(cli["eval.json"]));
        JsonElement lm = json.RootElement.GetProperty("language_model");
        Assert.True(lm.GetProperty("compressed_perplexity").GetDouble() > lm.GetProperty("original_perplexity").GetDouble());
        Assert.Equal(2, json.RootElement.GetProperty("matrices").GetArrayLength());
        Assert.Equal(20, json.RootElement.GetProperty("matrices")[0].GetProperty("groups").GetArrayLength()); // the default
    }

    [Fact]
    public void Softmax_calibration_of_a_lossless_artifact_agrees_exactly_with_the_original()
    {
        using var cli = new CliRun();

        // Quantization alone to float32 stores the F16 model exactly: every calibration measure must say "unchanged".
        string spec = File.ReadAllText(Brown("groupreduce.yaml")) + "method: quantize\n";
        File.WriteAllText(cli["lossless.yaml"], spec.Replace("path: counts.tsv", $"path: {Brown("counts.tsv")}", StringComparison.Ordinal));
        Assert.Equal(0, cli.Run("compress", Brown("lm.safetensors"), "--spec", cli["lossless.yaml"], "-o", cli["lossless.gr.safetensors"], "--quiet"));
        WriteCalibration(cli, states: 40, width: 128, vocabulary: 10_706);

        Assert.Equal(0, cli.Run("eval", Brown("lm.safetensors"), cli["lossless.gr.safetensors"], "--spec", cli["lossless.yaml"], "--hidden", cli["h.npy"], "--next", cli["y.npy"], "--json"));

        using JsonDocument json = JsonDocument.Parse(cli.Output);
        Assert.Contains("scoring hidden states, original and compressed softmax: 40 / 40 (100%)", cli.Error, StringComparison.Ordinal);
        JsonElement calibration = json.RootElement.GetProperty("calibration");
        Assert.Equal("softmax.weight", calibration.GetProperty("softmax").GetString());
        Assert.Equal("softmax.bias", calibration.GetProperty("bias").GetString());
        Assert.Equal(40, calibration.GetProperty("samples").GetInt64());
        Assert.Equal(calibration.GetProperty("original_perplexity").GetDouble(), calibration.GetProperty("compressed_perplexity").GetDouble(), 9);
        Assert.Equal(0, calibration.GetProperty("mean_kl_divergence").GetDouble(), 9);
        Assert.Equal(1.0, calibration.GetProperty("top1_agreement").GetDouble());
        Assert.Equal(1.0, calibration.GetProperty("top5_agreement").GetDouble());
    }

    [Fact]
    public void Bad_requests_are_one_clear_error()
    {
        using var cli = new CliRun();
        WriteCalibration(cli, states: 4, width: 128, vocabulary: 10_706);
        Assert.Equal(0, cli.Run("compress", Brown("lm.safetensors"), "--spec", Brown("groupreduce.yaml"), "-o", cli["lm.gr.safetensors"], "--quiet"));

        Assert.Equal(1, cli.Run("eval", Brown("lm.safetensors"), cli["lm.gr.safetensors"], "--hidden", cli["h.npy"]));
        Assert.Contains("error GR2053", cli.Error, StringComparison.Ordinal);
        Assert.Contains("--next", cli.Error, StringComparison.Ordinal);

        Assert.Equal(1, cli.Run("eval", Brown("lm.safetensors"), Brown("lm.safetensors")));
        Assert.Contains("error GR2040", cli.Error, StringComparison.Ordinal);
        Assert.Contains("not a GroupReduce artifact", cli.Error, StringComparison.Ordinal);

        Assert.Equal(1, cli.Run("eval", cli["lm.safetensors"], cli["lm.gr.safetensors"], "--tokens", Brown("test.txt")));
        Assert.Contains("error GR2050", cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", cli.Error, StringComparison.Ordinal);
    }

    private static void WriteCalibration(CliRun cli, int states, int width, int vocabulary)
    {
        var random = new Random(5);
        var hidden = new float[states * width];
        for (int i = 0; i < hidden.Length; i++)
        {
            hidden[i] = (float)Math.Tanh((random.NextDouble() * 4) - 2);
        }

        long[] next = Enumerable.Range(0, states).Select(_ => (long)random.Next(vocabulary)).ToArray();
        WriteNpy(cli["h.npy"], "<f4", $"({states}, {width})", System.Runtime.InteropServices.MemoryMarshal.AsBytes(hidden.AsSpan()).ToArray());
        WriteNpy(cli["y.npy"], "<i8", $"({states},)", System.Runtime.InteropServices.MemoryMarshal.AsBytes(next.AsSpan()).ToArray());
    }

    // NumPy format 1.0: magic, version, a little-endian u16 header length, the header dict padded with spaces to 64 bytes, the data.
    private static void WriteNpy(string path, string dtype, string shape, byte[] data)
    {
        string dict = $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': {shape}, }}";
        int padded = ((10 + dict.Length + 1 + 63) / 64 * 64) - 10;
        string header = dict.PadRight(padded - 1) + "\n";
        using var stream = File.Create(path);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(data);
    }
}
