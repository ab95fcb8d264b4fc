using System.Runtime.InteropServices;
using GroupReduce.Abstractions;
using GroupReduce.Core.Sweep;
using GroupReduce.Core.Sweep.Plots;
using GroupReduce.Testing;

namespace GroupReduce.Core.Tests.Sweep;

public sealed class PlotSupportTests
{
    [Fact]
    public void The_plots_native_libraries_load_on_the_platform_the_tests_run_on()
    {
        PlotSupport.EnsureAvailable();
    }

    [Fact]
    public void A_missing_native_library_is_GR1222_naming_the_platform_the_supported_ones_and_no_plots()
    {
        var error = Assert.Throws<GroupReduceException>(() => PlotSupport.EnsureAvailable(
            () => throw new TypeInitializationException("SkiaSharp.SKObject", new DllNotFoundException("Unable to load shared library 'libSkiaSharp'."))));

        Assert.Equal(SweepErrorCodes.PlotsUnavailable, error.Code);
        Assert.Equal(
            $"the sweep's plots cannot be drawn on this platform ({RuntimeInformation.RuntimeIdentifier}): Unable to load shared library 'libSkiaSharp'. "
            + "The groupreduce tool carries the plots' native libraries (SkiaSharp, HarfBuzz) for linux-x64, linux-arm64, osx-x64, osx-arm64, win-x64 and win-arm64 only; "
            + "run the sweep with --no-plots (the table, sweep.json and every artifact are still written), or on one of those platforms",
            error.Message);
    }

    [Fact]
    public void A_sweep_without_plots_writes_the_report_and_artifacts_removes_old_plots_and_says_why()
    {
        using var folder = new TempFolder();
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "sample")))
        {
            File.Copy(file, folder.File(Path.GetFileName(file)));
        }

        string output = folder.File("sweep");
        Directory.CreateDirectory(output);
        File.WriteAllBytes(Path.Combine(output, "error-vs-rate.png"), [1, 2, 3]);
        SweepRequest request = SampleSweep.Request(folder, output, probe: null, rates: "4", methods: "svd", quantizers: "none", writePlots: false);

        SweepReport report = SweepRunner.Run(request, new RecordingSweepObserver(), CancellationToken.None);

        Assert.Empty(report.Plots);
        Assert.Contains("plots: not drawn (--no-plots)", report.Notes);
        Assert.Empty(Directory.GetFiles(output, "*.png"));
        Assert.True(File.Exists(Path.Combine(output, "sweep.json")));
        Assert.True(File.Exists(Path.Combine(output, "cells", "svd-4x-none.gr.safetensors")));
    }
}
