using GroupReduce.Core.Execution;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Pipeline;

/// <summary>The engine reports every file a run read, with its content hash: the one list the depfile and the cache use.</summary>
public sealed class RunInputsTests
{
    [Fact]
    public void A_run_lists_its_model_spec_frequency_files_and_plugin_assemblies_each_with_its_content_hash()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 200, columns: 12).Write(folder);

        CompressionReport report = Runs.Compress(folder, Runs.BasicSpec);

        Assert.Equal(
            [folder.File("lm.safetensors"), folder.File("groupreduce.yaml"), folder.File("counts.tsv"), folder.File("vocab.txt")],
            report.Inputs.Take(4).Select(i => i.Path));
        Assert.Equal(["model", "spec", "frequency file", "vocabulary file"], report.Inputs.Take(4).Select(i => i.Role));
        Assert.Equal(report.Model.Hash, report.Inputs[0].Hash);
        Assert.All(report.Inputs, input => Assert.Equal(InputHash.OfFile(input.Path, CancellationToken.None), input.Hash));
        Assert.Contains(report.Inputs, i => i.Role == "plugin assembly" && Path.GetFileName(i.Path) == "GroupReduce.Plugins.Cpu.dll");
        Assert.Contains(report.Inputs, i => i.Role == "engine assembly" && Path.GetFileName(i.Path) == "GroupReduce.Core.dll");
        Assert.Equal(report.Inputs.Count, report.Inputs.DistinctBy(i => i.Path).Count());
    }

    [Fact]
    public void A_quality_target_run_lists_its_hidden_and_next_files()
    {
        using var folder = new TempFolder();
        SyntheticModel model = SyntheticModel.Create(rows: 200, columns: 12);
        model.Write(folder);
        const int states = 64;
        var random = new Random(3);
        float[] hidden = [.. Enumerable.Range(0, states * model.Columns).Select(_ => (float)random.NextDouble() - 0.5f)];
        long[] next = [.. Enumerable.Range(0, states).Select(_ => (long)random.Next(model.Rows))];
        File.WriteAllBytes(folder.File("h.npy"), NpyBytes.Build("<f4", [states, model.Columns], System.Runtime.InteropServices.MemoryMarshal.AsBytes(hidden.AsSpan()).ToArray()));
        File.WriteAllBytes(folder.File("y.npy"), NpyBytes.Build("<i8", [states], System.Runtime.InteropServices.MemoryMarshal.AsBytes(next.AsSpan()).ToArray()));
        string spec = Runs.BasicSpec.Replace(
            "budget:\n  rate: 4x\n",
            "budget:\n  target: { perplexity_increase: 50%, hidden: h.npy, next: y.npy, softmax: decoder.weight, trials: 2, max_rate: 2x }\n",
            StringComparison.Ordinal);

        CompressionReport report = Runs.Compress(folder, spec);

        Assert.NotNull(report.Search);
        RunInput h = Assert.Single(report.Inputs, i => i.Path == folder.File("h.npy"));
        RunInput y = Assert.Single(report.Inputs, i => i.Path == folder.File("y.npy"));
        Assert.Equal("quality target's hidden states", h.Role);
        Assert.Equal("quality target's next tokens", y.Role);
        Assert.Equal(InputHash.OfFile(folder.File("y.npy"), CancellationToken.None), y.Hash);
    }

    [Fact]
    public void A_quality_target_run_lists_its_token_file()
    {
        using var folder = new TempFolder();
        foreach (string sample in Directory.GetFiles(Evaluation.BrownModel.Source))
        {
            File.Copy(sample, folder.File(Path.GetFileName(sample)));
        }

        string spec = File.ReadAllText(folder.File("groupreduce.yaml"))
            .Replace("  rate: 6.6x", "  target: { perplexity_increase: 100%, tokens: valid.txt, max_sentences: 20, trials: 2, max_rate: 2x }", StringComparison.Ordinal)
            .Replace("iterations: 3", "iterations: 0", StringComparison.Ordinal);

        CompressionReport report = Runs.Compress(folder, spec, output: "lm.gr.safetensors");

        RunInput tokens = Assert.Single(report.Inputs, i => i.Path == folder.File("valid.txt"));
        Assert.Equal("quality target's token file", tokens.Role);
        Assert.Equal(InputHash.OfFile(folder.File("valid.txt"), CancellationToken.None), tokens.Hash);
    }
}
