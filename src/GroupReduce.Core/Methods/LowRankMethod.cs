using System.Diagnostics;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Budget;
using GroupReduce.Core.Calibration;
using GroupReduce.Core.LowRank;
using GroupReduce.Core.Matrices;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Storage;

namespace GroupReduce.Core.Methods;

/// <summary>
/// GroupReduce and the low-rank baselines, which are GroupReduce with one group: plain SVD (one group,
/// unit weights) and weighted SVD (one group, frequency weights). Every method's errors are measured
/// with the frequency weights, so the report compares like with like.
/// </summary>
internal sealed class LowRankMethod(MethodContext context)
{
    public MethodResult Run(CompressionMethod method, TensorSpool? spool, bool planOnly, PartitionMode partition)
    {
        var clock = Stopwatch.StartNew();
        var stored = new List<StoredMatrix>();
        var partitions = new List<PartitionResult>();
        foreach (PartitionProblem problem in Problems(method, partition))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            // The baselines keep their textbook weights; frequencies.power steers GroupReduce only.
            double[] fitWeights = method switch
            {
                CompressionMethod.Svd => Ones(problem.Rows),
                CompressionMethod.WeightedSvd => problem.Weights,
                _ => problem.FitWeights,
            };
            using var fitter = new LowRankFitter(problem, context.Plugins, fitWeights, context.Observer, context.CancellationToken);
            int[] assignment = problem.GroupCount > 1 ? fitter.Partition() : new int[problem.Rows];
            long[] sizes = GroupLayout.Sizes(assignment, problem.GroupCount);
            (GroupRank[][] ranks, IReadOnlyList<string> notes) = fitter.Allocate(assignment, sizes);
            int[][] rows = GroupLayout.RowsByGroup(assignment, problem.GroupCount);
            double totalEnergy = TotalEnergy(problem, fitWeights);
            if (planOnly)
            {
                partitions.Add(Describe(problem, fitter, assignment, ranks, sizes, [], notes, 0, 0, totalEnergy, fitter.Cost(sizes, ranks)));
                continue;
            }

            context.Observer.Info($"{Name(method)} {problem.Name}: {problem.GroupCount} group(s) over {problem.Rows:N0} rows of {string.Join(", ", problem.Matrices.Select(m => m.Name))}");
            var initial = new LowRankState
            {
                Assignment = assignment,
                Rows = rows,
                Ranks = ranks,
                Bases = fitter.Fit(rows, ranks, null, "fit"),
                Bytes = fitter.Cost(sizes, ranks),
            };
            LowRankState state = initial;
            IReadOnlyList<RefinementStep> steps = [];
            if (method == CompressionMethod.GroupReduce)
            {
                var refiner = new Refiner(fitter, problem, context.Spec.Refinement, context.Threads, context.Observer);
                (state, steps) = refiner.Refine(initial, totalEnergy, context.CancellationToken);
            }

            // What is stored is measured on the matrices as read, with the frequency weights, whatever the fit used.
            ISolverSession[]? measuring = ReferenceEquals(fitWeights, problem.Weights) && !problem.Calibrated ? null : LowRankFitter.OpenSessions(problem.Originals, context.Plugins, problem.Weights);
            try
            {
                var assembler = new MatrixAssembler(context.Plugins, context.Observer, context.CancellationToken);
                for (int m = 0; m < problem.Matrices.Count; m++)
                {
                    ResolvedMatrix matrix = problem.Originals[m];
                    var sessions = new AssemblySessions(fitter.Sessions[m], measuring?[m] ?? fitter.Sessions[m], problem.Metrics[m]);
                    IReadOnlyList<StoredGroup> groups = assembler.Assemble(matrix, sessions, state.Rows, state.Ranks[m], state.Bases[m], problem.Frequencies.Values, spool);
                    stored.Add(new StoredMatrix
                    {
                        Matrix = matrix,
                        Method = method,
                        Partition = problem.GroupCount > 1 ? problem.Name : null,
                        Groups = groups,
                        Error = groups.Aggregate(default(ReconstructionError), (sum, g) => sum + g.Error),
                    });
                }
            }
            finally
            {
                foreach (ISolverSession session in measuring ?? [])
                {
                    session.Dispose();
                }
            }

            long[] finalSizes = GroupLayout.Sizes(state.Assignment, problem.GroupCount);
            partitions.Add(Describe(problem, fitter, state.Assignment, state.Ranks, finalSizes, steps, notes, initial.Objective, state.Objective, totalEnergy, state.Bytes));
        }

        return new MethodResult { Method = method, Matrices = stored, Partitions = partitions, Seconds = clock.Elapsed.TotalSeconds, IsPlan = planOnly };
    }

    public static string Name(CompressionMethod method) => method switch
    {
        CompressionMethod.GroupReduce => "groupreduce",
        CompressionMethod.Svd => "svd",
        CompressionMethod.WeightedSvd => "weighted-svd",
        CompressionMethod.Prune => "prune",
        _ => "quantize",
    };

    private static double[] Ones(int rows)
    {
        var ones = new double[rows];
        Array.Fill(ones, 1.0);
        return ones;
    }

    private static double TotalEnergy(PartitionProblem problem, double[] weights)
    {
        double total = 0;
        foreach (ResolvedMatrix matrix in problem.Matrices)
        {
            for (int i = 0; i < weights.Length; i++)
            {
                total += weights[i] * matrix.RowNormsSquared[i];
            }
        }

        return total;
    }

    private static PartitionResult Describe(PartitionProblem problem, LowRankFitter fitter, int[] assignment, GroupRank[][] ranks, long[] sizes, IReadOnlyList<RefinementStep> steps, IReadOnlyList<string> notes, double initial, double final, double totalEnergy, long bytes)
    {
        var means = new double[problem.GroupCount];
        for (int i = 0; i < assignment.Length; i++)
        {
            means[assignment[i]] += problem.Frequencies.Values[i];
        }

        for (int g = 0; g < means.Length; g++)
        {
            means[g] = sizes[g] > 0 ? means[g] / sizes[g] : 0;
        }

        return new PartitionResult
        {
            Name = problem.Name,
            GroupCount = problem.GroupCount,
            Map = problem.GroupCount > 1 ? assignment : null,
            MapBytes = problem.MapBytes,
            ResolvedMatrices = problem.Originals,
            GroupBytesTable = problem.Matrices.Select((matrix, m) => sizes.Select((size, g) => fitter.GroupCost(size, matrix.Columns, ranks[m][g])).ToArray()).ToArray(),
            Ranks = ranks,
            EncodingLabels = problem.Encodings?.Select(e => e.Name).ToList(),
            Sizes = sizes,
            MeanFrequencies = means,
            Refinement = steps,
            Notes = notes,
            InitialObjective = initial,
            FinalObjective = final,
            TotalEnergy = totalEnergy,
            PlannedBytes = bytes,
            Budget = problem.FactorBudget.Value,
        };
    }

    private IEnumerable<PartitionProblem> Problems(CompressionMethod method, PartitionMode partition)
    {
        IEnumerable<IReadOnlyList<ResolvedMatrix>> sets = method == CompressionMethod.GroupReduce && partition == PartitionMode.Shared
            ? context.Matrices.GroupBy(m => m.Rows).Select(g => (IReadOnlyList<ResolvedMatrix>)g.ToList())
            : context.Matrices.Select(m => (IReadOnlyList<ResolvedMatrix>)[m]);
        int index = 0;
        foreach (IReadOnlyList<ResolvedMatrix> set in sets.ToList())
        {
            int rows = checked((int)set[0].Rows);
            int groups = method == CompressionMethod.GroupReduce ? context.Spec.Groups.Value : 1;
            if (groups > rows)
            {
                throw new GroupReduceException(
                    ErrorCodes.ImpossibleRank,
                    $"{groups} groups cannot be made from the {rows} rows of '{set[0].Name}'; use at most {rows} groups",
                    context.Spec.Groups.Location);
            }

            long mapBytes = groups > 1 && context.Budget.CountsBytes ? (long)rows * MapElementBytes(groups) : 0;
            string name = $"p{index++}";
            CostAmount share = context.Budget.Share(set.Sum(m => m.OriginalBytes), set.Sum(m => m.OriginalParameters));
            var frequencies = context.Frequencies[set[0].Rows];
            double[] weights = frequencies.NormalizedWeights();
            double power = context.Spec.Frequencies.Power.Value;
            // Calibration steers GroupReduce only; the baselines stay the textbook methods they are named for.
            RowMetric?[] metrics = [.. set.Select(m => method == CompressionMethod.GroupReduce && context.Metrics.TryGetValue(m.Name, out RowMetric? metric) ? metric : null)];
            yield return new PartitionProblem
            {
                Name = name,
                Matrices = [.. set.Select((m, i) => metrics[i] is { } metric ? Whitened(m, metric) : m)],
                Originals = set,
                Metrics = metrics,
                Frequencies = frequencies,
                Weights = weights,
                FitWeights = power == 1 ? weights : frequencies.NormalizedWeights(power),
                GroupCount = groups,
                FactorBudget = context.Budget.AfterMap(share, mapBytes, $"'{string.Join("', '", set.Select(m => m.Name))}'"),
                Cost = context.Budget.Cost,
                // quantizer: auto (never with a parameters: budget) offers every encoding at its exact cost, parts included.
                Encodings = context.Plugins.ChoosesEncodings ? [.. context.Plugins.Encodings.Select(e => new EncodingChoice(e.Label, new PartedStorageCost(e.Quantizer)))] : null,
                MapBytes = groups > 1 ? (long)rows * MapElementBytes(groups) : 0,
            };
        }
    }

    private ResolvedMatrix Whitened(ResolvedMatrix matrix, RowMetric metric)
    {
        context.Observer.Info($"calibration: '{matrix.Name}' is fitted in the metric of {metric.Source}");
        var whitened = new WhitenedRowMatrix(matrix.Matrix, metric, context.Threads, context.CancellationToken);
        var norms = new double[whitened.Rows];
        var row = new float[whitened.Columns];
        for (long i = 0; i < whitened.Rows; i++)
        {
            whitened.CopyRows(i, 1, row);
            double sum = 0;
            foreach (float value in row)
            {
                sum += (double)value * value;
            }

            norms[i] = sum;
        }

        return new ResolvedMatrix
        {
            Spec = matrix.Spec,
            Tensor = matrix.Tensor,
            Matrix = whitened,
            Tied = matrix.Tied,
            Transposed = matrix.Transposed,
            NonFiniteValues = matrix.NonFiniteValues,
            RowNormsSquared = norms,
        };
    }

    /// <summary>Bytes per row of the row→group map: uint8 up to 256 groups, else uint16.</summary>
    public static int MapElementBytes(int groups) => groups <= 256 ? 1 : 2;
}
