using System.IO.Compression;
using GroupReduce.Testing;
using GroupReduce.Testing.Models;

namespace GroupReduce.Build.Tests;

/// <summary>
/// <c>&lt;GroupReduceModel Include="lm.onnx" /&gt;</c>: the compressed ONNX model (<c>lm.gr.onnx</c>) and, when the run
/// writes one, its external data file (<c>lm.gr.onnx.data</c>) reach bin/, publish and the package, incrementally; a data
/// file an earlier build shipped goes once the model no longer has one.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class OnnxModelBuildTests(PackageFixture package)
{
    // The NextWord settings without 'matrices' (the graph shows them), float factors and no refinement, to build fast.
    private static readonly string BrownSpec = Testing.Engine.BrownOnnxSpec.Text(iterations: 0);

    [Fact]
    public void The_brown_onnx_model_compresses_to_bin_and_publish_and_a_second_build_skips_it()
    {
        var app = new ThrowAwayProject(package, itemXml: "<GroupReduceModel Include=\"lm.onnx\" Spec=\"onnx.yaml\" />");
        string brown = Path.Combine(AppContext.BaseDirectory, "brown-lm");
        File.Copy(Path.Combine(brown, "lm.onnx"), Path.Combine(app.Directory, "lm.onnx"));
        File.Copy(Path.Combine(brown, "counts.tsv"), Path.Combine(app.Directory, "counts.tsv"), overwrite: true);
        File.WriteAllText(Path.Combine(app.Directory, "onnx.yaml"), BrownSpec);

        DotnetRun first = app.Run("build");
        Assert.True(first.ExitCode == 0 && first.Compressed, first.ToString());
        string intermediate = Path.Combine(app.Directory, "obj", "Debug", "net10.0", "groupreduce", "lm.gr.onnx");
        string output = Path.Combine(app.Directory, "bin", "Debug", "net10.0", "lm.gr.onnx");
        Assert.Equal(File.ReadAllBytes(intermediate), File.ReadAllBytes(output));
        Assert.False(File.Exists(output + ".data"), "the Brown model keeps its initializers inline");

        DotnetRun second = app.Run("build");
        Assert.True(second.ExitCode == 0 && second.SkippedAsUpToDate && !second.Compressed, second.ToString());

        // Debug, as the builds above (publish builds Release by default): only the touch makes it compress again.
        app.Touch("lm.onnx");
        DotnetRun publish = app.Run("publish", "-c", "Debug", "-o", "out");
        Assert.True(publish.ExitCode == 0 && publish.Compressed, publish.ToString());
        Assert.Equal(File.ReadAllBytes(intermediate), File.ReadAllBytes(Path.Combine(app.Directory, "out", "lm.gr.onnx")));
    }

    [Fact]
    public void An_external_data_file_ships_beside_the_model_and_goes_when_the_model_no_longer_has_one()
    {
        var app = new ThrowAwayProject(package, itemXml: "<GroupReduceModel Include=\"lm.onnx\" />");
        using (var model = new TempFolder())
        {
            ExternalOnnxModel.Write(model);
            foreach (string name in new[] { "lm.onnx", "lm.onnx.data", "counts.tsv", "vocab.txt", "groupreduce.yaml" })
            {
                File.Copy(model.File(name), Path.Combine(app.Directory, name), overwrite: true);
            }
        }

        string intermediate = Path.Combine(app.Directory, "obj", "Debug", "net10.0", "groupreduce", "lm.gr.onnx.data");
        string output = Path.Combine(app.Directory, "bin", "Debug", "net10.0", "lm.gr.onnx.data");
        // Debug, as the paths above (publish builds Release by default).
        DotnetRun publish = app.Run("publish", "-c", "Debug", "-o", "out");
        Assert.True(publish.ExitCode == 0 && publish.Compressed, publish.ToString());
        Assert.True(new FileInfo(intermediate).Length > 0, publish.ToString());
        Assert.Equal(File.ReadAllBytes(intermediate), File.ReadAllBytes(output));
        Assert.Equal(File.ReadAllBytes(intermediate), File.ReadAllBytes(Path.Combine(app.Directory, "out", "lm.gr.onnx.data")));
        Assert.True(File.Exists(Path.Combine(app.Directory, "out", "lm.gr.onnx")), publish.ToString());

        DotnetRun pack = app.Run("pack", "-c", "Debug", "-o", "nupkg");
        Assert.True(pack.ExitCode == 0 && !pack.Compressed, pack.ToString());
        using (ZipArchive nupkg = ZipFile.OpenRead(Path.Combine(app.Directory, "nupkg", "ThrowAway.App.1.0.0.nupkg")))
        {
            Assert.Contains(nupkg.Entries, e => e.FullName == "contentFiles/any/any/lm.gr.onnx");
            Assert.Contains(nupkg.Entries, e => e.FullName == "contentFiles/any/any/lm.gr.onnx.data");
        }

        // The model re-exported with its initializers inline: the compressed model has no data file, and the one the
        // previous build wrote to obj/ and bin/ is gone (the engine removes it, incremental clean its copy).
        using (var model = new TempFolder())
        {
            ExternalOnnxModel.Write(model, external: false);
            File.Copy(model.File("lm.onnx"), Path.Combine(app.Directory, "lm.onnx"), overwrite: true);
        }

        File.Delete(Path.Combine(app.Directory, "lm.onnx.data"));
        app.Touch("lm.onnx");
        DotnetRun inline = app.Run("build");
        Assert.True(inline.ExitCode == 0 && inline.Compressed, inline.ToString());
        Assert.True(File.Exists(Path.Combine(app.Directory, "bin", "Debug", "net10.0", "lm.gr.onnx")), inline.ToString());
        Assert.False(File.Exists(intermediate), inline.ToString());
        Assert.False(File.Exists(output), inline.ToString());
    }
}
