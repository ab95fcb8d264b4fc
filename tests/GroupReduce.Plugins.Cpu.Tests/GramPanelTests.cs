using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Cpu.Tests.Support;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Cpu.Tests;

/// <summary>The Gram kernel on pre-packed rows: single-precision slabs carried across calls, and the workers' column split.</summary>
public sealed unsafe class GramPanelTests
{
    public static IEnumerable<object[]> Paths() => Solvers.SupportedPaths();

    [Theory]
    [MemberData(nameof(Paths))]
    internal void SlabCarriedAcrossCallsMatchesNaiveAndIgnoresTheColumnSplit(KernelPath path)
    {
        // 700 rows in calls of 300, 300 and 100 (blocks of 256 and partial ones), d = 70: a partial last panel on every path.
        const int n = 700, d = 70;
        float[] x = TestData.Uniform(n * d, 51);
        int[] calls = [300, 300, 100];
        double[] once = Accumulate(path, x, n, d, calls, workers: 1);
        Assert.Equal(once, Accumulate(path, x, n, d, calls, workers: 2));
        Assert.Equal(once, Accumulate(path, x, n, d, calls, workers: 3));

        // Chains of at most 256 terms, a few single-precision sums of them, then double precision.
        GramReference.AssertUpper(x, n, d, once, 4e-6);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    internal void ASlabStartedWithoutRowsAddsNothing(KernelPath path)
    {
        const int d = 20;
        using var kernels = new DenseKernels(path, 1);
        var g = new double[d * d];
        using var buffer = new NativeBuffer<float>();
        var empty = new GramPanels(buffer.Ensure(GramPanels.Length(1, d, kernels.GramPanelWidth)), 0, d, kernels.GramPanelWidth);
        fixed (double* pg = g)
        {
            // A slab left over from an earlier call must not leak into an empty one.
            float[] x = TestData.Uniform(40 * d, 52);
            fixed (float* px = x)
            {
                kernels.AccumulateGramUpper(new MatrixView<float>(px, 40, d, d), pg, d, 1.0);
            }

            double[] before = (double[])g.Clone();
            kernels.AccumulateGramPanelsOn(0, empty, 0, d, pg, d, 1.0, start: true, flush: true);
            Assert.Equal(before, g);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    internal void PanelsOfAnotherWidthAreRefused(KernelPath path)
    {
        using var kernels = new DenseKernels(path, 1);
        var wrong = new GramPanels(null, 0, 8, kernels.GramPanelWidth * 2);
        var g = new double[64];
        fixed (double* pg = g)
        {
            double* at = pg;
            Assert.Throws<ArgumentException>(() => kernels.AccumulateGramPanelsOn(0, wrong, 0, 8, at, 8, 1.0, true, true));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(100)]
    [InlineData(1024)]
    public void Workers_own_contiguous_whole_panels_and_even_shares(int d)
    {
        foreach (KernelPath path in Enum.GetValues<KernelPath>().Where(KernelPathSupport.IsSupported))
        {
            using var kernels = new DenseKernels(path, 4);
            int w = kernels.GramPanelWidth;
            for (int workers = 1; workers <= 4; workers++)
            {
                int expectedFirst = 0;
                var tiles = new List<long>();
                for (int worker = 0; worker < workers; worker++)
                {
                    (int first, int end) = kernels.GramColumns(d, worker, workers);
                    Assert.Equal(expectedFirst, first);
                    Assert.True(end >= first && (end == d || end % w == 0), $"d {d}, {workers} workers: [{first}, {end})");
                    long panelsBefore = first / w, panelsThrough = (end + w - 1) / w;
                    tiles.Add(((panelsThrough * (panelsThrough + 1)) - (panelsBefore * (panelsBefore + 1))) / 2);
                    expectedFirst = end;
                }

                Assert.Equal(d, expectedFirst);
                if (d == 1024)
                {
                    // 64 panels or more: every share within a few percent of the mean.
                    double mean = tiles.Average();
                    Assert.All(tiles, t => Assert.True(Math.Abs(t - mean) <= 0.06 * mean, $"{path}, {workers} workers: {string.Join(", ", tiles)}"));
                }
            }
        }
    }

    private static double[] Accumulate(KernelPath path, float[] x, int n, int d, int[] calls, int workers)
    {
        using var kernels = new DenseKernels(path, workers);
        int w = kernels.GramPanelWidth;
        var g = new double[d * d];
        using var buffer = new NativeBuffer<float>();
        int done = 0;
        for (int call = 0; call < calls.Length; call++)
        {
            int rows = calls[call];
            var panels = new GramPanels(buffer.Ensure(GramPanels.Length(rows, d, w)), rows, d, w);
            for (int p = 0; p < rows; p++)
            {
                for (int q = 0; q < panels.Panels; q++)
                {
                    float* target = panels.At(p, q);
                    for (int k = 0; k < w; k++)
                    {
                        int column = (q * w) + k;
                        target[k] = column < d ? x[((done + p) * d) + column] : 0;
                    }
                }
            }

            fixed (double* pg = g)
            {
                for (int worker = 0; worker < workers; worker++)
                {
                    (int first, int end) = kernels.GramColumns(d, worker, workers);
                    kernels.AccumulateGramPanelsOn(worker, panels, first, end, pg, d, 1.0, start: call == 0, flush: call == calls.Length - 1);
                }
            }

            done += rows;
        }

        Assert.Equal(n, done);
        return g;
    }
}
