using System.IO.Hashing;

namespace GroupReduce.Core.Execution;

/// <summary>
/// The content hash recorded for inputs: XXH3-128, written <c>xxh128:&lt;hex&gt;</c>. It reads at memory
/// speed, which matters for multi-gigabyte models; it identifies content, it does not authenticate it.
/// </summary>
public static class InputHash
{
    /// <summary>Hashes a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The hash text.</returns>
    public static string OfFile(string path, CancellationToken cancellationToken)
    {
        var hash = new XxHash128();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        byte[] buffer = new byte[4 << 20];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            hash.Append(buffer.AsSpan(0, read));
        }

        return Format(hash);
    }

    /// <summary>Hashes text (its UTF-8 bytes) with the same function: the artifact cache's key is the hash of its key lines.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The hash text.</returns>
    public static string OfText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = new XxHash128();
        hash.Append(System.Text.Encoding.UTF8.GetBytes(text));
        return Format(hash);
    }

    /// <summary>Writes a hash in the form reports and manifests hold: <c>xxh128:</c> and 32 hex digits.</summary>
    /// <param name="hash">The hash of the bytes so far.</param>
    /// <returns>The text.</returns>
    internal static string Format(XxHash128 hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return "xxh128:" + Convert.ToHexStringLower(hash.GetCurrentHash());
    }
}
