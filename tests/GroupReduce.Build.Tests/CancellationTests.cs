using System.Text;

namespace GroupReduce.Build.Tests;

/// <summary>Ctrl+C during compression stops the engine promptly and leaves no partial artifact.</summary>
[Collection(PackageCollection.Name)]
public sealed class CancellationTests(PackageFixture package)
{
    [Fact]
    public void Ctrl_c_during_compression_leaves_no_partial_output()
    {
        // A model big enough that its compression (with many refinement rounds) outlasts the interruption by far.
        var app = new ThrowAwayProject(package, itemXml: "<GroupReduceModel Include=\"big.bin\" />");
        WriteModel(Path.Combine(app.Directory, "big.bin"), rows: 60_000, columns: 256);
        File.WriteAllText(Path.Combine(app.Directory, "big.groupreduce.yaml"), """
            version: 1
            matrices: [emb]
            frequencies: { source: zipf }
            budget: { rate: 6.6x }
            groups: 10
            refinement: { iterations: 200, min_moved_fraction: 0 }
            """);
        DotnetRun restore = app.Run("restore");
        Assert.True(restore.ExitCode == 0, restore.ToString());

        var watch = System.Diagnostics.Stopwatch.StartNew();
        DotnetRun build = DotnetRun.StartAndInterrupt(app.Directory, package.NuGetPackages, "groupreduce.dll\" compress", TimeSpan.FromSeconds(3), "build", "--no-restore", "-v:n", "-nologo");
        watch.Stop();

        Assert.NotEqual(0, build.ExitCode);
        Assert.True(build.Compressed, build.ToString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), $"the build took {watch.Elapsed} to stop:\n{build}");
        string folder = Path.Combine(app.Directory, "obj", "Debug", "net10.0", "groupreduce");
        string[] left = Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
        Assert.DoesNotContain(left, f => Path.GetFileName(f).StartsWith("big.gr", StringComparison.Ordinal) && f.EndsWith(".safetensors", StringComparison.Ordinal));
        Assert.True(!left.Any(f => Path.GetFileName(f).Contains(".tmp", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith('.')), string.Join(", ", left.Select(Path.GetFileName)) + "\n" + build);
        Assert.False(File.Exists(Path.Combine(app.Directory, "bin", "Debug", "net10.0", "big.gr.safetensors")));
    }

    // A plain F32 safetensors file of smooth pseudo-random rows (no dependency on the engine to write it).
    private static void WriteModel(string path, int rows, int columns)
    {
        long bytes = (long)rows * columns * 4;
        string header = $"{{\"emb\":{{\"dtype\":\"F32\",\"shape\":[{rows},{columns}],\"data_offsets\":[0,{bytes}]}}}}";
        header = header.PadRight((header.Length + 7) / 8 * 8);
        using var stream = new BufferedStream(File.Create(path), 1 << 20);
        stream.Write(BitConverter.GetBytes((ulong)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
        var random = new Random(3);
        var row = new float[columns];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                row[j] = (float)((random.NextDouble() * 2) - 1);
            }

            stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(row.AsSpan()));
        }
    }
}
