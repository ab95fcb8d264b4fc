using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Plugins.Frequency;

/// <summary>
/// Every group's ways to be stored, each pruned to its Pareto frontier: sorted by cost, with strictly falling error,
/// so every option is worth its extra cost and the first is the cheapest with rank at least <c>min_rank</c>.
/// Without encodings the options are today's ranks from <c>min_rank</c> up, as products, and dense once the product
/// would cost at least as much (<see cref="GroupCosts.Storage"/>), so the allocation is what it was before encodings.
/// With encodings (<c>quantizer: auto</c>) they are every product from <c>min_rank</c> up to the rank the encoding was
/// measured at, and dense, with every encoding; an option's error then includes what its encoding adds.
/// </summary>
internal sealed class StorageOptions
{
    private static readonly StorageOption[] None = [];

    private readonly StorageOption[][] _options;

    public StorageOptions(RankAllocationRequest request, GroupCosts costs, GroupSpectrum?[] spectra, int minRank)
    {
        IReadOnlyList<EncodingChoice>? encodings = request.Encodings;
        if (encodings is { Count: 0 })
        {
            throw new ArgumentException("the request offers an empty list of encodings; it must offer at least one, or none (null) when the spec names one quantizer", nameof(request));
        }

        _options = new StorageOption[costs.ItemCount][];
        for (int item = 0; item < _options.Length; item++)
        {
            if (costs.Rows(item) == 0 || spectra[item] is not { } spectrum)
            {
                _options[item] = None;
                continue;
            }

            List<StorageOption> all = encodings is null
                ? Single(costs, item, spectrum, minRank)
                : Encoded(request, costs, item, spectrum, minRank, ThrowIfUnmeasured(spectrum, encodings.Count, costs, item));
            _options[item] = Frontier(all);
        }
    }

    /// <summary>The options of <paramref name="item"/>, cheapest first, errors strictly falling; none for an empty group.</summary>
    public StorageOption[] Of(int item) => _options[item];

    /// <summary>Today's options: ranks from <c>min_rank</c> (capped by the shape) as products, up to where dense is no dearer.</summary>
    private static List<StorageOption> Single(GroupCosts costs, int item, GroupSpectrum spectrum, int minRank)
    {
        var options = new List<StorageOption>();
        for (int rank = Math.Min(minRank, costs.FullRank(item)); rank <= costs.FullRank(item); rank++)
        {
            GroupRank storage = costs.Storage(item, rank);
            options.Add(new StorageOption(storage, costs.Cost(item, storage), storage.Dense ? 0 : spectrum.ErrorAt(rank)));
            if (storage.Dense)
            {
                break;
            }
        }

        return options;
    }

    private static List<StorageOption> Encoded(RankAllocationRequest request, GroupCosts costs, int item, GroupSpectrum spectrum, int minRank, IReadOnlyList<GroupQuantizationError> quantization)
    {
        var options = new List<StorageOption>();
        long rows = costs.Rows(item);
        int columns = costs.Columns(item);
        int full = costs.FullRank(item);
        for (int e = 0; e < quantization.Count; e++)
        {
            GroupQuantizationError added = quantization[e];
            for (int rank = Math.Min(minRank, full); rank <= Math.Min(full, added.MaximumRank); rank++)
            {
                GroupRank storage = GroupRank.LowRank(rank) with { Encoding = e };
                options.Add(new StorageOption(storage, request.GroupCost(rows, columns, storage), spectrum.ErrorAt(rank) + added.ErrorAt(rank)));
            }

            GroupRank dense = GroupRank.DenseOf(columns) with { Encoding = e };
            options.Add(new StorageOption(dense, request.GroupCost(rows, columns, dense), added.DenseError));
        }

        return options;
    }

    private static IReadOnlyList<GroupQuantizationError> ThrowIfUnmeasured(GroupSpectrum spectrum, int encodings, GroupCosts costs, int item)
    {
        if (spectrum.Quantization is not { } quantization || quantization.Count != encodings)
        {
            int matrix = item / costs.GroupCount;
            int group = item % costs.GroupCount;
            string carried = spectrum.Quantization is null ? "no quantization errors" : $"quantization errors for {spectrum.Quantization.Count}";
            throw new ArgumentException(
                $"the request offers {encodings} encodings (quantizer: auto), but the spectrum of group {group} of matrix {matrix} carries {carried}; "
                + "the host must measure what every offered encoding adds to every non-empty group (GroupSpectrum.Quantization, plugin contract 1.3)",
                "request");
        }

        return quantization;
    }

    /// <summary>
    /// The options no other beats: sorted by cost (then error, then the order they were listed in, so ties are
    /// deterministic and the lower rank wins), keeping each only when its error is below every cheaper one's.
    /// </summary>
    private static StorageOption[] Frontier(List<StorageOption> options)
    {
        int[] order = new int[options.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
            options[a].Cost != options[b].Cost ? options[a].Cost.CompareTo(options[b].Cost)
            : options[a].Error != options[b].Error ? options[a].Error.CompareTo(options[b].Error)
            : a.CompareTo(b));
        var frontier = new List<StorageOption>();
        foreach (int i in order)
        {
            if (frontier.Count == 0 || options[i].Error < frontier[^1].Error)
            {
                frontier.Add(options[i]);
            }
        }

        return [.. frontier];
    }
}
