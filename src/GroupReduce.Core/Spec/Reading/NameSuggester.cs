namespace GroupReduce.Core.Spec.Reading;

/// <summary>Finds the valid name a misspelt one most likely meant, by edit distance.</summary>
internal static class NameSuggester
{
    /// <summary>The candidate closest to <paramref name="input"/>, when it is close enough to be a likely typo.</summary>
    /// <param name="input">What the user wrote.</param>
    /// <param name="candidates">The valid names.</param>
    /// <returns>The suggestion, or <see langword="null"/> when nothing is close.</returns>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        string typed = input.ToLowerInvariant();
        foreach (string candidate in candidates)
        {
            int distance = Distance(typed, candidate.ToLowerInvariant());

            // Up to two edits (a third of the name, rounded up, for long names), never a rewrite of the whole input.
            int allowed = Math.Max(2, (candidate.Length + 2) / 3);
            if (distance <= allowed && distance < input.Length && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps each cost 1.</summary>
    /// <param name="a">One text.</param>
    /// <param name="b">The other.</param>
    /// <returns>The distance.</returns>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, d[i - 2, j - 2] + 1);
                }

                d[i, j] = value;
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>
    /// The end of a message about an invalid name: <c>; did you mean 'x'? Valid keys: a, b</c>, or
    /// <c>; valid keys: a, b</c> when nothing is close.
    /// </summary>
    /// <param name="input">What the user wrote.</param>
    /// <param name="candidates">The valid names in documented order.</param>
    /// <param name="kind">What the names are, plural: "keys", "values", "units".</param>
    /// <returns>The hint.</returns>
    public static string Hint(string input, IReadOnlyCollection<string> candidates, string kind)
    {
        string list = string.Join(", ", candidates);
        return Closest(input, candidates) is { } suggestion
            ? $"; did you mean '{suggestion}'? Valid {kind}: {list}"
            : $"; valid {kind}: {list}";
    }
}
