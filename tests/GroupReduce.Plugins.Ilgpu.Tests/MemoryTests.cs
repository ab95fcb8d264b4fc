using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Ilgpu.Tests.Support;

namespace GroupReduce.Plugins.Ilgpu.Tests;

/// <summary>Device memory comes back: every session's buffers on close, everything on the solver's disposal.</summary>
public sealed class MemoryTests
{
    [Fact]
    public void Many_sessions_in_one_process_return_device_memory_to_the_baseline()
    {
        (ArrayRowMatrix matrix, double[] weights) = SessionParityTests.Problem(views: true);
        using IlgpuSolver solver = TestSolvers.Ilgpu(null, ("chunk_rows", "32"));
        Assert.Equal(0, solver.Memory.LiveBuffers);
        long peakAfterFirst = 0;
        for (int run = 0; run < 12; run++)
        {
            using (ISolverSession session = solver.Open(matrix, weights))
            {
                IReadOnlyList<GroupBasis> bases = session.FitBases(SessionParityTests.Requests(), null, CancellationToken.None);
                var projected = new float[matrix.Rows * bases.Count];
                session.ScoreRows(bases, [.. Enumerable.Range(0, (int)matrix.Rows)], projected, new float[matrix.Rows], null, CancellationToken.None);
                Assert.True(solver.Memory.LiveBuffers > 0);
            }

            Assert.Equal(0, solver.Memory.LiveBuffers);
            Assert.Equal(0, solver.Memory.LiveBytes);
            if (run == 0)
            {
                peakAfterFirst = solver.Memory.PeakBytes;
            }
        }

        // Later sessions reuse the same amount: nothing grows from run to run.
        Assert.Equal(peakAfterFirst, solver.Memory.PeakBytes);
    }

    [Fact]
    public void Disposing_the_solver_closes_sessions_left_open()
    {
        (ArrayRowMatrix matrix, double[] weights) = SessionParityTests.Problem(views: false);
        IlgpuSolver solver = TestSolvers.Ilgpu(null, ("resident", "always"));
        ISolverSession session = solver.Open(matrix, weights);
        session.FitBases(SessionParityTests.Requests(), null, CancellationToken.None);
        Assert.True(solver.Memory.LiveBytes >= matrix.Rows * matrix.Columns * 4L, "the resident copy is on the device");

        solver.Dispose();

        Assert.Equal(0, solver.Memory.LiveBuffers);
        Assert.Throws<ObjectDisposedException>(() => session.FitBases(SessionParityTests.Requests(), null, CancellationToken.None));
        Assert.Throws<ObjectDisposedException>(() => solver.Open(matrix, weights));
    }

    [Fact]
    public void Solvers_created_and_disposed_repeatedly_leave_nothing_behind()
    {
        (ArrayRowMatrix matrix, double[] weights) = SessionParityTests.Problem(views: true);
        for (int run = 0; run < 5; run++)
        {
            IlgpuSolver solver = TestSolvers.Ilgpu();
            using (ISolverSession session = solver.Open(matrix, weights))
            {
                session.FitBases(SessionParityTests.Requests(), null, CancellationToken.None);
            }

            solver.Dispose();
            Assert.Equal(0, solver.Memory.LiveBuffers);
        }
    }
}
