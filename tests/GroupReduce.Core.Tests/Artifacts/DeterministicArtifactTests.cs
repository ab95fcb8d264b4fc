using System.Text;
using System.Text.Json.Nodes;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Methods;
using GroupReduce.Core.Models;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;
using GroupReduce.Runtime;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Artifacts;

/// <summary>
/// The artifact holds what describes its content, never where it was made: two machines (another CPU, another thread
/// count) compressing the same model with the same spec write the same bytes, and the device stays in the report.
/// </summary>
public sealed class DeterministicArtifactTests
{
    [Fact]
    public void One_and_two_threads_write_identical_bytes_and_only_the_reports_name_the_device()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 120, columns: 8).Write(folder);

        CompressionReport one = Runs.Compress(folder, Runs.BasicSpec + "quantizer: int8\n", output: "one.gr.safetensors", maxDegreeOfParallelism: 1);
        CompressionReport two = Runs.Compress(folder, Runs.BasicSpec + "quantizer: int8\n", output: "two.gr.safetensors", maxDegreeOfParallelism: 2);

        Assert.Equal(File.ReadAllBytes(folder.File("one.gr.safetensors")), File.ReadAllBytes(folder.File("two.gr.safetensors")));
        Assert.Equal(one.Artifact!.Hash, two.Artifact!.Hash);
        Assert.EndsWith(", 1 threads", SolverDevice(one), StringComparison.Ordinal);
        Assert.EndsWith(", 2 threads", SolverDevice(two), StringComparison.Ordinal);
        Assert.Contains(SolverDevice(one), File.ReadAllText(folder.File("one.gr.report.json")), StringComparison.Ordinal);
        Assert.Contains(SolverDevice(two), File.ReadAllText(folder.File("two.gr.report.md")), StringComparison.Ordinal);

        using ModelFile artifact = ModelFileReader.Open(folder.File("one.gr.safetensors"));
        (ArtifactManifest manifest, _) = ArtifactReader.TryRead(artifact)!.Value;
        ManifestPlugin solver = manifest.Plugins.Single(p => p.Kind == "solver");
        Assert.Equal(("cpu", "GroupReduce.Plugins.Cpu"), (solver.Name, solver.Assembly));
        Assert.Null(solver.Device);
        Assert.DoesNotContain("\"device\"", artifact.Metadata["groupreduce.manifest"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_faked_device_text_changes_nothing_the_writer_stores()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 120, columns: 8).Write(folder);
        using ModelFile model = ModelFileReader.Open(folder.File("lm.safetensors"));

        byte[] here = Written(folder, model, "a.gr.safetensors", "cpu: AMD EPYC 9R14 (AVX-512), 2 threads");
        byte[] there = Written(folder, model, "b.gr.safetensors", "cpu: Intel(R) Xeon(R) Platinum 8488C (AVX2), 96 threads");

        Assert.Equal(here, there);
        Assert.DoesNotContain("EPYC", Encoding.Latin1.GetString(here), StringComparison.Ordinal);
    }

    [Fact]
    public void An_artifact_written_with_the_device_in_its_manifest_still_reads()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 120, columns: 8).Write(folder);
        Runs.Compress(folder, Runs.BasicSpec + "quantizer: int8\n");
        string old = EditedArtifact.Write(folder, File.ReadAllBytes(folder.File("out.gr.safetensors")), manifest =>
        {
            foreach (JsonNode? plugin in manifest["plugins"]!.AsArray().Where(p => (string?)p!["kind"] == "solver"))
            {
                plugin!["device"] = "cpu: AMD EPYC 9R14 (AVX-512), 2 threads";
            }
        });

        using (ModelFile file = ModelFileReader.Open(old))
        {
            (ArtifactManifest manifest, _) = ArtifactReader.TryRead(file)!.Value;
            Assert.Equal("cpu: AMD EPYC 9R14 (AVX-512), 2 threads", manifest.Plugins.Single(p => p.Kind == "solver").Device);
            Assert.Empty(ArtifactReader.Validate(file, manifest));
        }

        using CompressedModel current = CompressedModel.Open(folder.File("out.gr.safetensors"));
        using CompressedModel before = CompressedModel.Open(old);
        CompressedMatrix now = current.GetMatrix("decoder.weight");
        CompressedMatrix then = before.GetMatrix("decoder.weight");
        float[] expected = new float[now.Columns];
        float[] actual = new float[then.Columns];
        for (int row = 0; row < now.Rows; row++)
        {
            now.GetRow(row, expected);
            then.GetRow(row, actual);
            Assert.Equal(expected, actual);
        }
    }

    private static string SolverDevice(CompressionReport report) => report.Plugins.Single(p => p.Kind == "solver").Device!;

    // The writer alone, given a header whose solver claims the device: what it writes for the model's tensors.
    private static byte[] Written(TempFolder folder, ModelFile model, string name, string device)
    {
        var header = new ArtifactManifest
        {
            FormatVersion = 1,
            Tool = new ManifestTool("groupreduce", "1.2.3"),
            Plugins = [new ManifestPlugin("solver", "cpu", "GroupReduce.Plugins.Cpu", "1.2.3", "1", device), new ManifestPlugin("quantizer", "int8", "GroupReduce.Plugins.Quantizers", "1.2.3", "1", null)],
            Input = new ManifestInput("lm.safetensors", "safetensors", 1000, "xxh128:" + new string('0', 32)),
            Method = "groupreduce",
            Quantization = "int8",
            Budget = "4x",
            Partitions = [],
            Matrices = [],
            RawTensors = [],
            OriginalBytes = 1000,
            CompressedBytes = 0,
            CompressionRate = 0,
        };
        var nothing = new MethodResult { Method = CompressionMethod.GroupReduce, Matrices = [], Partitions = [], Seconds = 0 };
        string path = folder.File(name);
        (ArtifactManifest manifest, StagedFile staged) = ArtifactWriter.Safetensors.Stage(path, model, nothing, header, "version: 1\n", CancellationToken.None);
        using (staged)
        {
            staged.Commit();
        }

        Assert.All(manifest.Plugins, p => Assert.Null(p.Device));
        return File.ReadAllBytes(path);
    }
}
