using System.Diagnostics;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Budget;
using GroupReduce.Core.Matrices;
using GroupReduce.Core.Plugins;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Storage;

namespace GroupReduce.Core.Methods;

/// <summary>
/// The quantization-only baseline: every matrix stored whole (one dense group) with the spec's quantizer.
/// Its size is whatever the quantizer gives; the budget cannot steer it, so a shortfall is a warning.
/// </summary>
internal sealed class QuantizeMethod(MethodContext context)
{
    public MethodResult Run(TensorSpool? spool)
    {
        var clock = Stopwatch.StartNew();
        var stored = new List<StoredMatrix>();
        var assembler = new MatrixAssembler(context.Plugins, context.Observer, context.CancellationToken);
        foreach (ResolvedMatrix matrix in context.Matrices)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            double[] weights = context.Frequencies[matrix.Rows].NormalizedWeights();
            using ISolverSession session = PluginGuard.Run(context.Plugins.SolverInfo, "open", () => context.Plugins.Solver.Open(matrix.Matrix, weights));
            int[] all = Enumerable.Range(0, checked((int)matrix.Rows)).ToArray();
            IReadOnlyList<StoredGroup> groups = assembler.Assemble(
                matrix,
                new AssemblySessions(session, session, null),
                [all],
                [GroupRank.DenseOf(matrix.Columns)],
                [null],
                context.Frequencies[matrix.Rows].Values,
                spool);
            var result = new StoredMatrix
            {
                Matrix = matrix,
                Method = CompressionMethod.Quantize,
                Groups = groups,
                Error = groups[0].Error,
            };
            CostAmount share = context.Budget.Share(matrix.OriginalBytes, matrix.OriginalParameters);
            if (context.Budget.CountsBytes && result.Bytes > share.Value)
            {
                context.Observer.Warning(
                    ErrorCodes.BudgetTooSmall,
                    $"quantization alone stores '{matrix.Name}' in {result.Bytes:N0} bytes, above its budget of {share}; the quantizer, not the budget, sets its size",
                    context.Budget.Location);
            }

            stored.Add(result);
        }

        return new MethodResult { Method = CompressionMethod.Quantize, Matrices = stored, Partitions = [], Seconds = clock.Elapsed.TotalSeconds };
    }
}
