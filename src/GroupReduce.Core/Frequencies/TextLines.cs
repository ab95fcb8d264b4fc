using System.Buffers;
using System.Globalization;
using System.Text;
using GroupReduce.Abstractions;
using GroupReduce.Core.Models.Mapping;

namespace GroupReduce.Core.Frequencies;

/// <summary>
/// Reads the lines of a counts or vocabulary file within fixed bounds: only a regular file (a FIFO would
/// block, <c>/dev/zero</c> never ends), at most <see cref="MaxFileBytes"/> bytes, lines of at most
/// <see cref="MaxLineChars"/> characters, strict UTF-8. Line breaks are <c>\n</c>, <c>\r\n</c> or <c>\r</c>,
/// as <see cref="StreamReader.ReadLine"/> reads them; a byte order mark is skipped.
/// </summary>
internal sealed class TextLines : IDisposable
{
    /// <summary>The largest file read: far above any real vocabulary's counts, far below what would exhaust memory.</summary>
    public const long MaxFileBytes = 2_000_000_000;

    /// <summary>The longest line accepted, in characters.</summary>
    public const int MaxLineChars = 1 << 20;


    private readonly StreamReader _reader;
    private readonly char[] _buffer = new char[1 << 16];
    private readonly StringBuilder _line = new();
    private int _position;
    private int _filled;
    private long _charsRead;

    private readonly TextFileErrors _errors;
    private readonly string _what;

    private TextLines(string path, StreamReader reader, TextFileErrors errors, string what)
    {
        Path = path;
        _reader = reader;
        _errors = errors;
        _what = what;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The 1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>Opens a file after checking it is a regular file within the size cap.</summary>
    /// <param name="path">The file.</param>
    /// <param name="namedAt">Where the spec names it, for the unreadable-file error.</param>
    /// <param name="what">What the file is (<c>counts file</c>, <c>vocabulary file</c>), for messages.</param>
    /// <param name="errors">The codes to report with; the frequency files' by default.</param>
    /// <returns>The reader.</returns>
    public static TextLines Open(string path, SourceLocation? namedAt, string what, TextFileErrors? errors = null)
    {
        errors ??= TextFileErrors.Frequencies;
        if (RegularFile.Problem(path) is { } kind)
        {
            throw new GroupReduceException(
                errors.Unreadable,
                $"the {what} '{path}' is {kind}, not a regular file; name a regular text file (a symbolic link to one is fine)",
                namedAt ?? SourceLocation.OfFile(path));
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new GroupReduceException(
                errors.Unreadable,
                $"cannot read the {what} '{path}': {ex.Message}",
                namedAt ?? SourceLocation.OfFile(path),
                ex);
        }

        if (stream.Length > MaxFileBytes)
        {
            long length = stream.Length;
            stream.Dispose();
            throw TooLarge(errors.TooLarge, path, what, length.ToString(CultureInfo.InvariantCulture) + " bytes");
        }

        return new TextLines(path, new StreamReader(stream, Models.StrictUtf8.Encoding, detectEncodingFromByteOrderMarks: true), errors, what);
    }

    /// <summary>Reads the next line.</summary>
    /// <returns>The line without its break, or <see langword="null"/> at the end of the file.</returns>
    public string? ReadLine()
    {
        _line.Clear();
        bool any = false;
        while (true)
        {
            if (_position == _filled && !Fill())
            {
                if (!any)
                {
                    return null;
                }

                LineNumber++;
                return _line.ToString();
            }

            any = true;
            int start = _position;
            while (_position < _filled && _buffer[_position] is not ('\n' or '\r'))
            {
                _position++;
            }

            if (_line.Length + (_position - start) > MaxLineChars)
            {
                throw new GroupReduceException(
                    _errors.LineTooLong,
                    $"line {LineNumber + 1} is longer than {MaxLineChars} characters; this is not a token-per-line text file",
                    new SourceLocation(Path, LineNumber + 1, 1));
            }

            _line.Append(_buffer, start, _position - start);
            if (_position < _filled)
            {
                char end = _buffer[_position++];
                if (end == '\r' && (_position < _filled || Fill()) && _buffer[_position] == '\n')
                {
                    _position++;
                }

                LineNumber++;
                return _line.ToString();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();

    private static GroupReduceException TooLarge(string code, string path, string what, string size) => new(
        code,
        $"the {what} '{path}' holds {size}, over the {MaxFileBytes} byte limit for text inputs; it was not read. Check that the right file is named",
        SourceLocation.OfFile(path));

    private bool Fill()
    {
        try
        {
            _filled = _reader.Read(_buffer, 0, _buffer.Length);
        }
        catch (DecoderFallbackException ex)
        {
            // The decoder works a buffer ahead of the lines handed out, so the place is found again from the bytes.
            (int line, long offset) = FindInvalidUtf8(Path) ?? (LineNumber + 1, -1);
            string at = offset >= 0 ? $"line {line} (byte {offset.ToString(CultureInfo.InvariantCulture)})" : $"the text at or after line {line}";
            throw new GroupReduceException(
                _errors.NotUtf8,
                $"{at} is not valid UTF-8 (bytes {Excerpt(ex.BytesUnknown)}); save the file as UTF-8",
                new SourceLocation(Path, line, 1),
                ex);
        }
        catch (IOException ex)
        {
            throw new GroupReduceException(_errors.Unreadable, $"cannot read the {_what} '{Path}': {ex.Message}", SourceLocation.OfFile(Path), ex);
        }

        _position = 0;
        _charsRead += _filled;
        if (_charsRead > MaxFileBytes)
        {
            // The file grew while being read; the cap still holds.
            throw TooLarge(_errors.TooLarge, Path, _what, $"more than {MaxFileBytes} characters");
        }

        return _filled > 0;
    }

    private static string Excerpt(byte[]? bytes) => bytes is null ? "?" : Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 8)));

    // Line (counted as ReadLine counts: \n, \r\n or \r) and byte offset of the first byte that is not valid UTF-8.
    private static (int Line, long Offset)? FindInvalidUtf8(string path)
    {
        const int Chunk = 1 << 16;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        var buffer = new byte[Chunk + 4];
        int carry = 0;
        long offset = 0;
        int line = 1;
        bool afterCarriageReturn = false;
        while (true)
        {
            int read = stream.Read(buffer, carry, Chunk);
            int length = carry + read;
            int i = offset == 0 && length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
            while (i < length)
            {
                byte b = buffer[i];
                if (b < 0x80)
                {
                    line += b == '\r' || (b == '\n' && !afterCarriageReturn) ? 1 : 0;
                    afterCarriageReturn = b == '\r';
                    i++;
                    continue;
                }

                afterCarriageReturn = false;
                OperationStatus status = Rune.DecodeFromUtf8(buffer.AsSpan(i, length - i), out _, out int consumed);
                if (status == OperationStatus.NeedMoreData && read > 0)
                {
                    break;
                }

                if (status != OperationStatus.Done)
                {
                    return (line, offset + i);
                }

                i += consumed;
            }

            if (read == 0)
            {
                return null;
            }

            carry = length - i;
            Array.Copy(buffer, i, buffer, 0, carry);
            offset += i;
        }
    }
}
