using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Plugins;

namespace Contoso.GroupReduce.Solver.Tests;

/// <summary>The session's four operations agree with each other and with the exact (cpu) bases, through the contract only.</summary>
public sealed class SessionTests
{
    [Fact]
    public void Bases_scores_projections_and_errors_agree_with_the_exact_solver()
    {
        const int Rows = 80, Columns = 12;
        var random = new Random(3);
        float[] values = Enumerable.Range(0, Rows * Columns).Select(i => (float)(random.NextDouble() - 0.5) * (1 + i % Columns)).ToArray();
        var matrix = new ArrayMatrix(Rows, Columns, values);
        double[] weights = Enumerable.Range(0, Rows).Select(i => 1.0 + i % 7).ToArray();
        int[] groupRows = Enumerable.Range(10, 50).ToArray();
        GroupFitRequest[] request = [new GroupFitRequest(3, groupRows, 4)];

        using PluginHost host = PluginHost.Discover([new PluginSearchPath(Compressions.PluginFolder)]);
        GroupBasis exact = Fit(host, "cpu", matrix, weights, request);
        using ISolver solver = Create(host, "contoso-rsvd");
        using ISolverSession session = solver.Open(matrix, weights);
        GroupBasis basis = session.FitBases(request, null, CancellationToken.None).Single();

        // Rank + oversampling covers all 12 columns here, so the range finder is exact up to rounding.
        Assert.Equal(exact.TotalEnergy, basis.TotalEnergy, exact.TotalEnergy * 1e-6);
        for (int c = 0; c < 4; c++)
        {
            Assert.Equal(exact.Eigenvalues[c], basis.Eigenvalues[c], exact.Eigenvalues[0] * 1e-5);
        }

        float[] coefficients = new float[groupRows.Length * 4];
        session.Project(groupRows, basis, coefficients, CancellationToken.None);
        float[] projected = new float[groupRows.Length];
        float[] norms = new float[groupRows.Length];
        session.ScoreRows([basis], groupRows, projected, norms, null, CancellationToken.None);
        ReconstructionError error = session.MeasureError(groupRows, coefficients, basis.Vectors, 4, CancellationToken.None);

        double weightedScore = 0;
        for (int i = 0; i < groupRows.Length; i++)
        {
            double captured = 0;
            for (int c = 0; c < 4; c++)
            {
                captured += (double)coefficients[i * 4 + c] * coefficients[i * 4 + c];
            }

            Assert.Equal(captured, projected[i], 1e-3);
            weightedScore += weights[groupRows[i]] * (norms[i] - projected[i]);
        }

        Assert.Equal(basis.ResidualEnergy, error.WeightedSquaredError, basis.TotalEnergy * 1e-5);
        Assert.Equal(weightedScore, error.WeightedSquaredError, basis.TotalEnergy * 1e-4);
        Assert.Equal(basis.TotalEnergy, error.WeightedSquaredNorm, basis.TotalEnergy * 1e-6);

        // Without a basis the coefficients are the rows themselves: nothing is lost.
        float[] dense = groupRows.SelectMany(r => values.AsSpan(r * Columns, Columns).ToArray()).ToArray();
        Assert.Equal(0, session.MeasureError(groupRows, dense, [], Columns, CancellationToken.None).SquaredError);
    }

    [Fact]
    public void The_same_seed_gives_the_same_basis()
    {
        var random = new Random(5);
        var matrix = new ArrayMatrix(200, 32, Enumerable.Range(0, 200 * 32).Select(_ => (float)random.NextDouble()).ToArray());
        double[] weights = Enumerable.Repeat(1.0, 200).ToArray();
        GroupFitRequest[] request = [new GroupFitRequest(0, Enumerable.Range(0, 200).ToArray(), 3)];
        using PluginHost host = PluginHost.Discover([new PluginSearchPath(Compressions.PluginFolder)]);

        GroupBasis first = Fit(host, "contoso-rsvd", matrix, weights, request);
        GroupBasis second = Fit(host, "contoso-rsvd", matrix, weights, request);

        Assert.Equal(first.Vectors, second.Vectors);
    }

    private static GroupBasis Fit(PluginHost host, string name, IRowMatrix matrix, double[] weights, GroupFitRequest[] request)
    {
        using ISolver solver = Create(host, name);
        using ISolverSession session = solver.Open(matrix, weights);
        return session.FitBases(request, null, CancellationToken.None).Single();
    }

    private static ISolver Create(PluginHost host, string name)
    {
        (ISolverFactory factory, _) = host.Get<ISolverFactory>(name, null);
        return factory.Create(PluginOptions.Empty(name, default), new PluginContext(new SilentLog(), 1));
    }

    private sealed class SilentLog : IPluginLog
    {
        public void Info(string message)
        {
        }

        public void Warning(string code, string message)
        {
        }
    }
}
