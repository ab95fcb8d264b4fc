namespace GroupReduce.Core.Spec.Reading;

/// <summary>The words a spec key accepts and the values they stand for, in the order documented.</summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class WordTable<T>
    where T : struct
{
    private readonly (string Word, T Value)[] _entries;

    /// <summary>Creates the table.</summary>
    /// <param name="entries">Each word and its value.</param>
    public WordTable(params (string Word, T Value)[] entries) => _entries = entries;

    /// <summary>The valid words in order.</summary>
    public IReadOnlyCollection<string> Words => Array.ConvertAll(_entries, entry => entry.Word);

    /// <summary>Looks up a word (case-sensitive: the spec's words are lower case).</summary>
    /// <param name="word">The word.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns><see langword="true"/> when the word is valid.</returns>
    public bool TryGet(string word, out T value)
    {
        foreach ((string entryWord, T entryValue) in _entries)
        {
            if (string.Equals(entryWord, word, StringComparison.Ordinal))
            {
                value = entryValue;
                return true;
            }
        }

        value = default;
        return false;
    }
}
