using System.Runtime.InteropServices;
using GroupReduce.Core.Models;

namespace GroupReduce.OnnxExport.Tests;

/// <summary>
/// docs/language-model.md's forward pass written out in double from the safetensors file's F16 values, independently
/// of both the exporter and groupreduce eval, so the logits ORT computes can be checked one by one.
/// </summary>
internal sealed class ReferenceNplm
{
    private readonly double[] _embedding;
    private readonly double[] _hiddenWeight;
    private readonly double[] _hiddenBias;
    private readonly double[] _softmax;
    private readonly double[] _softmaxBias;

    public ReferenceNplm(string path)
    {
        using ModelFile file = ModelFileReader.Open(path);
        _embedding = Read(file, "embedding.weight");
        _hiddenWeight = Read(file, "hidden.weight");
        _hiddenBias = Read(file, "hidden.bias");
        _softmax = Read(file, "softmax.weight");
        _softmaxBias = Read(file, "softmax.bias");
        Hidden = _hiddenBias.Length;
        Width = (int)file.FindTensor("embedding.weight")!.Shape[1];
        Context = _hiddenWeight.Length / Hidden / Width;
    }

    public int Context { get; }

    public int Width { get; }

    public int Hidden { get; }

    /// <summary>The logits for one context (ids most recent first).</summary>
    public double[] Logits(ReadOnlySpan<long> context)
    {
        var x = new double[Context * Width];
        for (int k = 0; k < Context; k++)
        {
            _embedding.AsSpan(checked((int)context[k] * Width), Width).CopyTo(x.AsSpan(k * Width));
        }

        var h = new double[Hidden];
        for (int j = 0; j < Hidden; j++)
        {
            double sum = _hiddenBias[j];
            for (int i = 0; i < x.Length; i++)
            {
                sum += _hiddenWeight[(j * x.Length) + i] * x[i];
            }

            h[j] = Math.Tanh(sum);
        }

        var z = new double[_softmaxBias.Length];
        for (int r = 0; r < z.Length; r++)
        {
            double sum = _softmaxBias[r];
            for (int j = 0; j < Hidden; j++)
            {
                sum += _softmax[(r * Hidden) + j] * h[j];
            }

            z[r] = sum;
        }

        return z;
    }

    private static double[] Read(ModelFile file, string name)
    {
        ModelTensor tensor = file.FindTensor(name)!;
        Assert.Equal(TensorDType.F16, tensor.DType);
        using var stream = new MemoryStream();
        tensor.CopyRawTo(stream, CancellationToken.None);
        return [.. MemoryMarshal.Cast<byte, Half>(stream.ToArray()).ToArray().Select(v => (double)v)];
    }
}
