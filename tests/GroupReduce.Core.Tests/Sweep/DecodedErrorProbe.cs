using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using GroupReduce.Core.Models;
using GroupReduce.Core.Sweep;
using GroupReduce.Testing.Engine;

namespace GroupReduce.Core.Tests.Sweep;

/// <summary>
/// A quality probe that measures something real without a language model: it decodes the artifact by
/// the format description alone (<see cref="ArtifactDecoder"/>) and returns ‖A − Â‖²_F / ‖A‖²_F against
/// the original model's matrices, so its value must agree with the engine's own relative error.
/// </summary>
internal sealed class DecodedErrorProbe : ISweepQualityProbe
{
    private readonly Dictionary<string, float[]> _original;

    public DecodedErrorProbe(string modelPath, params string[] tensors)
    {
        using ModelFile model = ModelFileReader.Open(modelPath);
        _original = tensors.ToDictionary(t => t, t => Floats(model.FindTensor(t)!));
    }

    public string Name => "decoded relative error";

    public double Original => 0;

    public ConcurrentQueue<string> Measured { get; } = new();

    public double Measure(string artifactPath, CancellationToken cancellationToken)
    {
        Measured.Enqueue(artifactPath);
        Dictionary<string, float[]> decoded = ArtifactDecoder.Decode(artifactPath);
        double error = 0, norm = 0;
        foreach ((string name, float[] original) in _original)
        {
            float[] restored = decoded[name];
            for (int i = 0; i < original.Length; i++)
            {
                double d = original[i] - restored[i];
                error += d * d;
                norm += (double)original[i] * original[i];
            }
        }

        return error / norm;
    }

    private static float[] Floats(ModelTensor tensor)
    {
        using var stream = new MemoryStream();
        tensor.CopyRawTo(stream, CancellationToken.None);
        return MemoryMarshal.Cast<byte, float>(stream.ToArray()).ToArray();
    }
}
