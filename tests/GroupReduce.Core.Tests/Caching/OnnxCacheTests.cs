using GroupReduce.Core.Execution;
using GroupReduce.Core.Pipeline;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;
using GroupReduce.Testing;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Caching;

/// <summary>
/// The artifact cache with ONNX outputs: an artifact with external data is stored and restored with its data file (it
/// cannot be loaded without it), and an ONNX entry never serves a safetensors output of the same inputs.
/// </summary>
public sealed class OnnxCacheTests
{
    [Fact]
    public void An_onnx_artifact_with_external_data_is_restored_with_its_data_file()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        using var cache = new TempFolder();
        ExternalOnnxModel.Write(first);
        ExternalOnnxModel.Write(second);

        CompressionReport stored = Compress(first, "lm.gr.onnx", cache.Path);
        CompressionReport restored = Compress(second, "lm.gr.onnx", cache.Path);

        Assert.Null(stored.RestoredFrom);
        Assert.NotNull(restored.RestoredFrom);
        Assert.True(new FileInfo(first.File("lm.gr.onnx.data")).Length > 0);
        Assert.Equal(File.ReadAllBytes(first.File("lm.gr.onnx")), File.ReadAllBytes(second.File("lm.gr.onnx")));
        Assert.Equal(File.ReadAllBytes(first.File("lm.gr.onnx.data")), File.ReadAllBytes(second.File("lm.gr.onnx.data")));
        Assert.Equal(second.File("lm.gr.onnx.data"), restored.Artifact!.DataPath);
        Assert.Equal(stored.Artifact!.DataHash, restored.Artifact.DataHash);

        // A corrupt data file in the entry is a miss (GR5006), and the run writes both files again.
        string entry = Assert.Single(Directory.GetDirectories(cache.Path));
        File.WriteAllBytes(Path.Combine(entry, "artifact.data"), [1, 2, 3]);
        using var third = new TempFolder();
        ExternalOnnxModel.Write(third);
        var observer = new RecordingObserver();
        CompressionReport recompressed = Compress(third, "lm.gr.onnx", cache.Path, observer);
        Assert.Null(recompressed.RestoredFrom);
        Assert.Contains(observer.Warnings, w => w.Code == "GR5006");
        Assert.Equal(File.ReadAllBytes(first.File("lm.gr.onnx.data")), File.ReadAllBytes(third.File("lm.gr.onnx.data")));
    }

    [Fact]
    public void The_input_models_external_data_is_a_reported_input_and_changing_it_alone_is_a_miss()
    {
        using var folder = new TempFolder();
        using var cache = new TempFolder();
        ExternalOnnxModel.Write(folder);
        CompressionReport first = Compress(folder, "lm.gr.onnx", cache.Path);
        Assert.Contains(first.Inputs, i => i.Path == folder.File("lm.onnx.data") && i.Role == "model data file");

        // A re-export with new weights and the same graph: lm.onnx is byte for byte the same, only its data changed.
        byte[] data = File.ReadAllBytes(folder.File("lm.onnx.data"));
        data[0] ^= 0x40;
        File.WriteAllBytes(folder.File("lm.onnx.data"), data);
        CompressionReport second = Compress(folder, "lm.gr.onnx", cache.Path);

        Assert.Null(second.RestoredFrom);
        Assert.NotEqual(first.Inputs.Single(i => i.Role == "model data file").Hash, second.Inputs.Single(i => i.Role == "model data file").Hash);
    }

    [Fact]
    public void An_onnx_entry_does_not_serve_a_safetensors_output_of_the_same_inputs()
    {
        using var folder = new TempFolder();
        using var cache = new TempFolder();
        ExternalOnnxModel.Write(folder);

        Compress(folder, "lm.gr.onnx", cache.Path);
        CompressionReport safetensors = Compress(folder, "lm.gr.safetensors", cache.Path);

        Assert.Null(safetensors.RestoredFrom);
        Assert.Equal(2, Directory.GetDirectories(cache.Path).Length);
    }

    private static CompressionReport Compress(TempFolder folder, string output, string cache, RecordingObserver? observer = null) =>
        CompressionEngine.Run(
            new CompressionRequest
            {
                Spec = SpecLoader.Load(folder.File("groupreduce.yaml")),
                ModelPath = folder.File("lm.onnx"),
                OutputPath = folder.File(output),
                CacheDirectory = cache,
                MaxDegreeOfParallelism = 2,
            },
            (IRunObserver?)observer ?? NullRunObserver.Instance,
            CancellationToken.None);

    private sealed class RecordingObserver : IRunObserver
    {
        public List<(string Code, string Message)> Warnings { get; } = [];

        public void Info(string message)
        {
        }

        public void Warning(string code, string message, Abstractions.SourceLocation? location) => Warnings.Add((code, message));

        public void Progress(string stage, long done, long total)
        {
        }
    }
}
