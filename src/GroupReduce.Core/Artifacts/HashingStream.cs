using System.IO.Hashing;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Models;

namespace GroupReduce.Core.Artifacts;

/// <summary>
/// A write-only stream that hashes what passes through it on its way to the file, so a staged artifact's hash (which its
/// report records) costs no second read of a file that may be gigabytes.
/// </summary>
internal sealed class HashingStream(Stream inner) : WriteThroughStream(inner)
{
    private readonly XxHash128 _hash = new();

    /// <summary>The hash of the bytes written so far, in the form <see cref="InputHash"/> writes.</summary>
    public string Hash => InputHash.Format(_hash);

    /// <inheritdoc />
    protected override void AfterWrite(ReadOnlySpan<byte> buffer) => _hash.Append(buffer);
}
