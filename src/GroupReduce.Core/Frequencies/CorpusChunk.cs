using System.Buffers;

namespace GroupReduce.Core.Frequencies;

/// <summary>
/// A piece of one corpus file: whole lines (the last piece of a file may end without a line break), in a buffer rented
/// from <see cref="ArrayPool{T}.Shared"/> that whoever tokenises the piece returns.
/// </summary>
/// <param name="File">The file's index in the list counted.</param>
/// <param name="Buffer">The rented buffer.</param>
/// <param name="Length">The piece's bytes, from the start of <paramref name="Buffer"/>.</param>
/// <param name="Offset">Where the piece starts in the file, in bytes.</param>
/// <param name="FirstLine">The 1-based number of the piece's first line in the file.</param>
internal readonly record struct CorpusChunk(int File, byte[] Buffer, int Length, long Offset, long FirstLine);
