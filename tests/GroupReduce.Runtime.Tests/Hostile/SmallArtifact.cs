using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Runtime.Tests.Hostile;

/// <summary>
/// Small valid artifacts made once per test class by the real engine: 200 x 8 embedding and softmax, six groups, int8
/// (about 20 KB), the same model pruned (sparse storage), and a tiny one.
/// </summary>
public sealed class SmallArtifact : IDisposable
{
    private readonly TempFolder _folder = new();

    public SmallArtifact()
    {
        SyntheticModel.Create(rows: 200, columns: 8).Write(_folder);
        Runs.Compress(_folder, Runs.BasicSpec + "quantizer: int8\n");
        Grouped = File.ReadAllBytes(_folder.File("out.gr.safetensors"));
        Runs.Compress(_folder, Runs.BasicSpec + "method: prune\nquantizer: float\n", output: "pruned.gr.safetensors");
        Pruned = File.ReadAllBytes(_folder.File("pruned.gr.safetensors"));

        using var tiny = new TempFolder();
        SyntheticModel.Create(rows: 40, columns: 8).Write(tiny);
        Runs.Compress(tiny, Runs.BasicSpec.Replace("groups: 6", "groups: 2", StringComparison.Ordinal).Replace("rate: 4x", "rate: 2x", StringComparison.Ordinal) + "quantizer: int8\n");
        Tiny = File.ReadAllBytes(tiny.File("out.gr.safetensors"));
    }

    /// <summary>A 40 x 8 artifact in two groups (a few KB): small enough to cut at every byte.</summary>
    public byte[] Tiny { get; }

    /// <summary>The grouped (int8) artifact's bytes.</summary>
    public byte[] Grouped { get; }

    /// <summary>The pruned artifact's bytes.</summary>
    public byte[] Pruned { get; }

    public void Dispose() => _folder.Dispose();
}
