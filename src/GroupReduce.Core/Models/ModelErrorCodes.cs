namespace GroupReduce.Core.Models;

/// <summary>
/// Error codes (GR20xx) raised while reading model files and writing safetensors files. Each
/// <see cref="GroupReduce.Abstractions.GroupReduceException"/> with one of these codes names the file,
/// the tensor, byte offset or line at fault, and what to do about it. docs/input-formats.md lists them.
/// </summary>
public static class ModelErrorCodes
{
    /// <summary>The file's content matches none of the recognised formats (or the file is empty).</summary>
    public const string UnrecognizedFormat = "GR2001";

    /// <summary>The file does not exist, is not a regular file (a folder, FIFO or device; symbolic links are followed), or cannot be opened or mapped.</summary>
    public const string FileUnreadable = "GR2002";

    /// <summary>The file ends before a structure its header promises (header, record, tensor data).</summary>
    public const string Truncated = "GR2003";

    /// <summary>A header is malformed: JSON that does not parse or has the wrong shape, a bad NumPy header dictionary, a bad word2vec header line, a bad GGUF key/value, a broken zip record.</summary>
    public const string HeaderInvalid = "GR2004";

    /// <summary>A header declares an absurd length (a safetensors header over 100 MB or longer than the file).</summary>
    public const string HeaderTooLarge = "GR2005";

    /// <summary>A tensor's element type is unknown or unsupported (e.g. safetensors <c>F8_E4M3</c>, NumPy <c>&lt;c8</c>).</summary>
    public const string UnknownDType = "GR2006";

    /// <summary>A tensor's data range lies outside the file (offsets past the end, or end before begin).</summary>
    public const string DataOutOfBounds = "GR2007";

    /// <summary>A tensor's byte length differs from the product of its shape and its element size.</summary>
    public const string ByteLengthMismatch = "GR2008";

    /// <summary>Two tensors' data ranges overlap.</summary>
    public const string TensorsOverlap = "GR2009";

    /// <summary>Tensor data does not cover its section contiguously: a gap between tensors or unused bytes at the end (safetensors requires full coverage).</summary>
    public const string TensorsNotContiguous = "GR2010";

    /// <summary>A shape is invalid: a negative dimension, too many dimensions, an element count that overflows, or a GGML row not a whole number of blocks.</summary>
    public const string InvalidShape = "GR2011";

    /// <summary>Two tensors (or metadata keys, or zip members) share one name.</summary>
    public const string DuplicateName = "GR2012";

    /// <summary>A layout the reader does not handle: NumPy Fortran order, big-endian data, structured dtypes, a misaligned GGUF tensor.</summary>
    public const string UnsupportedLayout = "GR2013";

    /// <summary>An unsupported format version (GGUF v1 or a future version, a NumPy header version other than 1–3).</summary>
    public const string UnsupportedVersion = "GR2014";

    /// <summary>A GGUF tensor has a GGML type id this reader does not know.</summary>
    public const string UnknownGgmlType = "GR2015";

    /// <summary>An .npz archive uses a zip feature that is not supported (encryption, multiple disks, a compression method other than stored or deflate).</summary>
    public const string ZipUnsupported = "GR2016";

    /// <summary>An .npz member is corrupt: local header and central directory disagree, wrong decompressed size, or a CRC-32 mismatch.</summary>
    public const string ZipMemberCorrupt = "GR2017";

    /// <summary>A text embedding line has a different number of values than the others (or than the header says).</summary>
    public const string TextRowRagged = "GR2018";

    /// <summary>A text embedding value is not a number (parsed with the invariant culture).</summary>
    public const string TextValueInvalid = "GR2019";

    /// <summary>The number of rows found differs from the number the header declares (word2vec), or bytes follow the last row.</summary>
    public const string RowCountMismatch = "GR2020";

    /// <summary>A tensor was asked for as a float32 row matrix but is not a two-dimensional floating-point or GGML Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K-Q6_K tensor, or its width does not fit an <see cref="int"/>.</summary>
    public const string NotAMatrix = "GR2021";

    /// <summary>A temporary file (for text embeddings or a deflated .npz member) could not be written.</summary>
    public const string TemporaryFileFailed = "GR2022";

    /// <summary>A safetensors file's vocabulary tensors (<c>groupreduce.vocab.offsets</c> and <c>groupreduce.vocab.bytes</c>) are inconsistent: one without the other, a wrong dtype or rank, offsets that do not rise from 0 to the byte count, or tokens that are not UTF-8.</summary>
    public const string VocabularyTensorsInvalid = "GR2023";

    /// <summary>A safetensors entry given to the writer is invalid: empty, reserved or duplicate name, unknown dtype, negative dimension, or a byte length that does not match its shape.</summary>
    public const string WriterInvalidEntry = "GR2030";

    /// <summary>A safetensors entry's data callback wrote a different number of bytes than the entry declared.</summary>
    public const string WriterDataLengthMismatch = "GR2031";

    /// <summary>A file carries a GroupReduce manifest that cannot be read (not JSON, wrong shape, or a format version this tool does not know).</summary>
    public const string CorruptArtifact = "GR2040";

    /// <summary>An ONNX file is not a readable <c>ModelProto</c>: truncated or corrupt protobuf, no graph, or over protobuf's 2 GB message limit.</summary>
    public const string OnnxModelInvalid = "GR2060";

    /// <summary>An ONNX initializer's external data entry is malformed: no <c>location</c>, an <c>offset</c> or <c>length</c> that is not a non-negative integer, or a location that is absolute, escapes the model's folder or holds characters no path may hold.</summary>
    public const string OnnxExternalDataInvalid = "GR2061";

    /// <summary>An ONNX initializer's external data file is missing or is not a regular file.</summary>
    public const string OnnxExternalDataMissing = "GR2062";

    /// <summary>An ONNX initializer's external data range (<c>offset</c> plus its byte length) reaches past the end of the data file.</summary>
    public const string OnnxExternalDataOutOfRange = "GR2063";

    /// <summary>An ONNX initializer's data disagrees with its shape: a <c>raw_data</c>, typed data or external <c>length</c> of another size than the dims and data type give.</summary>
    public const string OnnxTensorLengthMismatch = "GR2064";

    /// <summary>The spec leaves out <c>matrices</c> and the model shows no vocabulary matrix that can be compressed as stored (no graph, or none found in it).</summary>
    public const string NoVocabularyMatrix = "GR2065";

    /// <summary>An ONNX output (<c>-o model.gr.onnx</c>) was asked of a model that is not ONNX: there is no graph to rewrite.</summary>
    public const string OnnxOutputNeedsOnnxInput = "GR2066";

    /// <summary>The ONNX model's default-domain opset is older than the output's subgraphs need (10; 11 for a pruned matrix).</summary>
    public const string OnnxOpsetTooOld = "GR2067";

    /// <summary><c>groupreduce export</c> cannot tell the output format: no <c>--format</c> and an output name ending in neither <c>.safetensors</c> nor <c>.onnx</c>.</summary>
    public const string ExportFormatUnknown = "GR2070";

    /// <summary><c>groupreduce export</c>'s output cannot be used: it is the artifact itself, a folder where a file goes, a file where the npy folder goes, or a folder that holds files of its own (not an earlier export).</summary>
    public const string ExportOutputInvalid = "GR2071";

    /// <summary>An exported tensor name is used twice: a compressed matrix's name (or one it is tied to) is also a tensor stored in the artifact, or two matrices claim one name.</summary>
    public const string ExportNameCollision = "GR2072";

    /// <summary><c>groupreduce export --format gguf</c> was asked of an artifact not made from a GGUF model (or made before artifacts kept the GGUF metadata): there is no GGUF metadata to write.</summary>
    public const string ExportGgufNeedsGgufInput = "GR2073";

    /// <summary>A sharded safetensors index (<c>model.safetensors.index.json</c>) cannot be used: not JSON, not an object, no <c>weight_map</c> object, a shard name that is not a non-empty string, or over the 100 MB limit.</summary>
    public const string ShardIndexInvalid = "GR2085";

    /// <summary>A shard the index names is missing or is not a regular file.</summary>
    public const string ShardMissing = "GR2086";

    /// <summary>A shard name in the index is absolute, leaves the index's folder (<c>..</c>) or holds characters no path may hold.</summary>
    public const string ShardNameInvalid = "GR2087";

    /// <summary>The index maps a tensor to a shard that does not hold it.</summary>
    public const string ShardTensorMissing = "GR2088";

    /// <summary>A tensor is in two shards: two shard files hold it, or the index lists it twice with different shards.</summary>
    public const string ShardTensorDuplicated = "GR2089";
}
