using System.Globalization;
using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Plugins.Frequency;

/// <summary>
/// Allocation by measured error: every group of every matrix starts at its cheapest option with rank at least
/// <c>min_rank</c>, and the budget is then spent, step by step, where it removes the most weighted squared error per
/// unit of cost. A group's options (<see cref="StorageOptions"/>) are its ranks as products and dense, and under
/// <c>quantizer: auto</c> each with every offered encoding; a rank's error is the tail of its spectrum
/// (<see cref="GroupSpectrum.ErrorAt"/>) plus what the encoding adds. A step may move a group several options at
/// once, to wherever the error per unit of cost is best (this is how a group reaches dense storage, whose cost jumps).
/// Without encodings, each spectrum is sorted, each group's gains per rank fall, and this greedy choice is optimal for
/// the fixed groups up to the last step the budget cannot hold; with encodings the options are no longer concave, and
/// the greedy choice is a good one, not a proven optimum.
/// </summary>
internal sealed class SpectrumAllocator
{
    private readonly int _minRank;
    private readonly GroupCosts _costs;
    private readonly GroupSpectrum?[] _spectra;
    private readonly IReadOnlyList<EncodingChoice>? _encodings;
    private readonly StorageOptions _options;

    public SpectrumAllocator(RankAllocationRequest request, int minRank)
    {
        _minRank = minRank;
        _costs = new GroupCosts(request, GroupStatistics.Of(request.Frequencies.Span, request.Assignment.Span, request.GroupCount));
        IReadOnlyList<IReadOnlyList<GroupSpectrum?>> spectra = request.Spectra
            ?? throw new ArgumentException("allocation: spectrum needs the groups' spectra, which the host did not provide (it must support plugin contract 1.2)", nameof(request));
        if (spectra.Count != _costs.MatrixCount)
        {
            throw new ArgumentException($"spectra for {spectra.Count} matrices, expected {_costs.MatrixCount}", nameof(request));
        }

        _spectra = new GroupSpectrum?[_costs.ItemCount];
        for (int m = 0; m < _costs.MatrixCount; m++)
        {
            if (spectra[m].Count != _costs.GroupCount)
            {
                throw new ArgumentException($"spectra for {spectra[m].Count} groups of matrix {m}, expected {_costs.GroupCount}", nameof(request));
            }

            for (int g = 0; g < _costs.GroupCount; g++)
            {
                int item = _costs.Item(m, g);
                _spectra[item] = spectra[m][g];
                if (_costs.Rows(item) > 0 && _spectra[item] is null)
                {
                    throw new ArgumentException($"no spectrum for non-empty group {g} of matrix {m}", nameof(request));
                }
            }
        }

        _encodings = request.Encodings;
        _options = new StorageOptions(request, _costs, _spectra, minRank);
    }

    public RankAllocation Allocate()
    {
        // The floor: every group's cheapest option with rank at least min_rank (with encodings, its cheapest encoding).
        int[] at = new int[_spectra.Length];
        long minimum = 0;
        for (int item = 0; item < at.Length; item++)
        {
            StorageOption[] options = _options.Of(item);
            at[item] = options.Length == 0 ? -1 : 0;
            minimum += options.Length == 0 ? 0 : options[0].Cost;
        }

        _costs.ThrowIfBudgetTooSmall(_minRank, minimum, _encodings is not null);
        long left = _costs.Budget - minimum;
        int steps = 0;

        // Lazy greedy: a queued gain per cost can only fall as the budget left shrinks, so an entry is re-measured
        // when it comes out and applied only if it still holds; ties go to the lower item, so the result is deterministic.
        var queue = new PriorityQueue<int, (double Ratio, int Item)>(Comparer<(double Ratio, int Item)>.Create(
            (a, b) => a.Ratio != b.Ratio ? b.Ratio.CompareTo(a.Ratio) : a.Item.CompareTo(b.Item)));
        for (int item = 0; item < at.Length; item++)
        {
            if (BestStep(item, at[item], left) is { } step)
            {
                queue.Enqueue(item, (step.Ratio, item));
            }
        }

        while (queue.TryDequeue(out int item, out (double Ratio, int Item) queued))
        {
            if (BestStep(item, at[item], left) is not { } step)
            {
                continue;
            }

            if (step.Ratio < queued.Ratio)
            {
                queue.Enqueue(item, (step.Ratio, item));
                continue;
            }

            StorageOption[] options = _options.Of(item);
            left -= options[step.To].Cost - options[at[item]].Cost;
            at[item] = step.To;
            steps++;
            if (BestStep(item, at[item], left) is { } next)
            {
                queue.Enqueue(item, (next.Ratio, item));
            }
        }

        var ranks = new GroupRank[at.Length];
        double error = 0;
        double total = 0;
        for (int item = 0; item < ranks.Length; item++)
        {
            ranks[item] = at[item] < 0 ? GroupRank.LowRank(0) : _options.Of(item)[at[item]].Storage;
            if (_spectra[item] is { } spectrum)
            {
                error += at[item] < 0 ? spectrum.ErrorAt(0) : _options.Of(item)[at[item]].Error;
                total += spectrum.TotalEnergy;
            }
        }

        string choice = _encodings is null
            ? $"rank where it removes the most weighted error per {_costs.UnitSingular}"
            : $"rank and encoding where they remove the most weighted error per {_costs.UnitSingular}";
        string included = _encodings is null ? string.Empty : " (quantization included)";
        string rule = string.Create(CultureInfo.InvariantCulture, $"spectrum allocation ({choice}, min_rank {_minRank}): predicted weighted error {(total > 0 ? 100 * error / total : 0):0.000}%{included} before refinement");
        List<string> notes = _costs.Notes(rule, ranks, $"{steps} allocation steps");
        if (_encodings is not null)
        {
            // After the dense count, so the report reads what is stored how before the per-matrix ranks.
            notes.Insert(3, EncodingNote(ranks));
        }

        return new RankAllocation(_costs.Split(ranks), notes);
    }

    /// <summary>How many non-empty groups (all matrices) use each offered encoding, e.g. <c>encodings: f16 3 groups, int8 25, int4 12 (all matrices)</c>.</summary>
    private string EncodingNote(GroupRank[] ranks)
    {
        int[] counts = new int[_encodings!.Count];
        for (int item = 0; item < ranks.Length; item++)
        {
            if (_costs.Rows(item) > 0)
            {
                counts[ranks[item].Encoding]++;
            }
        }

        var parts = new string[counts.Length];
        for (int e = 0; e < counts.Length; e++)
        {
            string unit = e > 0 ? string.Empty : counts[e] == 1 ? " group" : " groups";
            parts[e] = string.Create(CultureInfo.InvariantCulture, $"{_encodings[e].Name} {counts[e]}{unit}");
        }

        return $"encodings: {string.Join(", ", parts)} (all matrices)";
    }

    /// <summary>
    /// The move of <paramref name="item"/> from its option <paramref name="current"/> to a dearer one that removes
    /// the most error per unit of cost among those that fit in <paramref name="left"/> (the cheaper of equals), or
    /// <see langword="null"/> when none fits or none gains.
    /// </summary>
    private (int To, double Ratio)? BestStep(int item, int current, long left)
    {
        StorageOption[] options = _options.Of(item);
        if (current < 0)
        {
            return null;
        }

        StorageOption from = options[current];
        (int To, double Ratio)? best = null;
        for (int to = current + 1; to < options.Length; to++)
        {
            long extra = options[to].Cost - from.Cost;
            if (extra > left)
            {
                break;
            }

            double gain = from.Error - options[to].Error;
            double ratio = extra <= 0 ? double.PositiveInfinity : gain / extra;
            if (gain > 0 && (best is null || ratio > best.Value.Ratio))
            {
                best = (to, ratio);
            }
        }

        return best;
    }
}
