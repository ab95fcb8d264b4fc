using GroupReduce.Abstractions;

namespace GroupReduce.Core.Tuning;

/// <summary>The trials of a search: the cartesian product of its axes, the first axis varying slowest.</summary>
public sealed class TunePlan
{
    /// <summary>The largest search run unless <c>--max-trials</c> allows more: each trial is a whole compression.</summary>
    public const int DefaultMaxTrials = 64;

    private TunePlan(IReadOnlyList<TuneAxis> axes, IReadOnlyList<TuneTrial> trials)
    {
        Axes = axes;
        Trials = trials;
    }

    /// <summary>The axes in the order given.</summary>
    public IReadOnlyList<TuneAxis> Axes { get; }

    /// <summary>The trials, numbered from 1.</summary>
    public IReadOnlyList<TuneTrial> Trials { get; }

    /// <summary>Builds the product.</summary>
    /// <param name="axes">The axes; at least one, each path once.</param>
    /// <param name="maxTrials">The most trials allowed.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="GroupReduceException">GR1240 for a path given twice; GR1241 for no axes or too many trials.</exception>
    public static TunePlan Create(IReadOnlyList<TuneAxis> axes, int maxTrials = DefaultMaxTrials)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Count == 0)
        {
            throw new GroupReduceException(TuneErrorCodes.TooManyTrials, "tune has nothing to search; give at least one axis, e.g. --try groups=5,10,20");
        }

        if (axes.GroupBy(a => a.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new GroupReduceException(TuneErrorCodes.InvalidAxis, $"--try {twice.Key} is given twice; list all its values in one --try {twice.Key}=A,B,C");
        }

        if (maxTrials < 1)
        {
            throw new GroupReduceException(TuneErrorCodes.TooManyTrials, "--max-trials must be at least 1");
        }

        double count = axes.Aggregate(1.0, (product, axis) => product * axis.Values.Count);
        if (count > maxTrials)
        {
            string product = string.Join(" × ", axes.Select(a => $"{a.Values.Count} ({a.Path})"));
            throw new GroupReduceException(TuneErrorCodes.TooManyTrials, $"the axes make {product} = {count:0} trials, over --max-trials {maxTrials}; each trial is a whole compression: drop values, or raise --max-trials if you mean it");
        }

        var trials = new List<TuneTrial>();
        var settings = new TuneSetting[axes.Count];
        void Fill(int axis)
        {
            if (axis == axes.Count)
            {
                trials.Add(new TuneTrial(trials.Count + 1, [.. settings]));
                return;
            }

            foreach (string value in axes[axis].Values)
            {
                settings[axis] = new TuneSetting(axes[axis].Path, value);
                Fill(axis + 1);
            }
        }

        Fill(0);
        return new TunePlan(axes, trials);
    }
}
