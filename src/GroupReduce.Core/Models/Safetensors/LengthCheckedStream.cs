using GroupReduce.Abstractions;

namespace GroupReduce.Core.Models.Safetensors;

/// <summary>
/// Passes writes through to the output while counting them, and refuses the first byte beyond the
/// entry's declared length, so a wrong callback cannot shift every later tensor's offsets.
/// </summary>
internal sealed class LengthCheckedStream : WriteThroughStream
{
    private readonly string _name;
    private readonly long _limit;

    /// <summary>Wraps <paramref name="inner"/> for one entry.</summary>
    /// <param name="inner">The output.</param>
    /// <param name="name">The entry's name, for messages.</param>
    /// <param name="limit">The declared byte length.</param>
    public LengthCheckedStream(Stream inner, string name, long limit)
        : base(inner)
    {
        _name = name;
        _limit = limit;
    }

    /// <summary>The error for an entry that wrote the wrong number of bytes.</summary>
    /// <param name="name">The entry.</param>
    /// <param name="declared">Its declared length.</param>
    /// <param name="written">What it wrote (at least; writing stops at the first excess byte).</param>
    /// <returns>The exception.</returns>
    public static GroupReduceException Mismatch(string name, long declared, long written) =>
        new(
            ModelErrorCodes.WriterDataLengthMismatch,
            $"safetensors entry '{name}' declared {declared} bytes but its data callback wrote {(written > declared ? "more than " + declared : written.ToString(System.Globalization.CultureInfo.InvariantCulture))}. The shape, dtype or data source of that tensor is wrong.");

    /// <inheritdoc />
    protected override void BeforeWrite(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length > _limit - Written)
        {
            throw Mismatch(_name, _limit, Written + buffer.Length);
        }
    }
}
