namespace GroupReduce.Runtime;

/// <summary>The tokens an artifact carries, in row order: token ↔ id.</summary>
public sealed class TokenVocabulary
{
    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;

    internal TokenVocabulary(string[] tokens)
    {
        _tokens = tokens;
        _ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (int i = 0; i < tokens.Length; i++)
        {
            // A token listed twice keeps its first (most frequent) id.
            _ids.TryAdd(tokens[i], i);
        }
    }

    /// <summary>The number of tokens (the vocabulary matrices' row count).</summary>
    public int Count => _tokens.Length;

    /// <summary>The token of a row.</summary>
    /// <param name="id">The row.</param>
    /// <returns>The token.</returns>
    public string this[int id] => _tokens[id];

    /// <summary>Looks a token up.</summary>
    /// <param name="token">The token, exactly as stored (no case folding).</param>
    /// <param name="id">Its row, when found.</param>
    /// <returns>Whether the token is in the vocabulary.</returns>
    public bool TryGetId(string token, out int id) => _ids.TryGetValue(token, out id);
}
