namespace GroupReduce.Core.Spec;

/// <summary>
/// Error codes of the compression spec (<c>groupreduce.yaml</c>): GR1001–GR1099 for its syntax and
/// structure, GR1100–GR1199 for its values. Plugin option errors (GR1301–GR1303) are in
/// <see cref="GroupReduce.Abstractions.ErrorCodes"/>. docs/spec.md lists each code with an example.
/// </summary>
public static class SpecErrorCodes
{
    /// <summary>The text is not valid YAML (bad indentation, tabs, unclosed quotes or brackets, an unknown alias).</summary>
    public const string YamlSyntax = "GR1001";

    /// <summary>The spec file is empty or holds only comments.</summary>
    public const string EmptySpec = "GR1002";

    /// <summary>The spec file holds more than one YAML document.</summary>
    public const string MultipleDocuments = "GR1003";

    /// <summary>A key the spec does not define (a suggestion is given when one is close).</summary>
    public const string UnknownKey = "GR1004";

    /// <summary>A key appears twice in one mapping; the error points at the second.</summary>
    public const string DuplicateKey = "GR1005";

    /// <summary>A value has the wrong shape: a list or mapping where a scalar is expected, or the reverse.</summary>
    public const string WrongType = "GR1006";

    /// <summary>A required key is missing.</summary>
    public const string MissingKey = "GR1007";

    /// <summary>A key has no value, an empty text, or a list that must not be empty is empty.</summary>
    public const string EmptyValue = "GR1008";

    /// <summary>The spec file cannot be read (missing, a folder, a FIFO or device, no permission).</summary>
    public const string SpecFileUnreadable = "GR1009";

    /// <summary>The budget gives more than one of <c>rate</c>, <c>bytes</c> and <c>parameters</c>.</summary>
    public const string ConflictingBudgets = "GR1010";

    /// <summary>A tensor is listed twice in <c>matrices</c> (directly or in a <c>tied</c> list) or tied to itself.</summary>
    public const string DuplicateTensor = "GR1011";

    /// <summary>A method is listed twice in <c>baselines</c>.</summary>
    public const string DuplicateBaseline = "GR1012";

    /// <summary>No frequency source is chosen: no <c>frequencies</c> block, or one with neither <c>source</c> nor <c>path</c>.</summary>
    public const string FrequencySourceUnspecified = "GR1013";

    /// <summary>The spec file is larger than <see cref="SpecLoader.MaxSpecBytes"/> bytes; it is not read.</summary>
    public const string SpecFileTooLarge = "GR1014";

    /// <summary>The YAML expands to too many nodes once its aliases are followed (an alias bomb).</summary>
    public const string YamlTooLarge = "GR1015";

    /// <summary>The spec file is not valid UTF-8.</summary>
    public const string SpecNotUtf8 = "GR1016";

    /// <summary><c>calibration</c> gives both <c>hidden</c> and <c>tokens</c>, or a key that only the other one takes.</summary>
    public const string ConflictingCalibration = "GR1017";

    /// <summary>
    /// <c>quantizer: auto</c> where it cannot choose: an encoding listed twice or itself <c>auto</c>, a <c>parameters:</c>
    /// budget (which counts values whatever their encoding), or the <c>quantize</c> method (one quantizer for a whole matrix).
    /// </summary>
    public const string AutoQuantizerConflict = "GR1018";

    /// <summary>The <c>version</c> is not one this tool reads (only 1).</summary>
    public const string UnsupportedVersion = "GR1100";

    /// <summary>A word that is not one of the valid choices (a method, a frequency source, a policy…).</summary>
    public const string InvalidWord = "GR1101";

    /// <summary>A value that must be a number (whole, or finite real) is not one.</summary>
    public const string InvalidNumber = "GR1102";

    /// <summary>A number outside its valid range (groups 1–65535, a rate not above 1, a negative size…).</summary>
    public const string OutOfRange = "GR1103";

    /// <summary>A value that must be <c>true</c> or <c>false</c> is not.</summary>
    public const string InvalidBoolean = "GR1104";

    /// <summary>A budget text that cannot be read: a malformed number, an unknown unit, a fractional byte or parameter count.</summary>
    public const string InvalidBudget = "GR1105";

    /// <summary>A path that is not a valid file system path.</summary>
    public const string InvalidPath = "GR1106";

    /// <summary>A quality target that cannot be searched for: no or two measures, a perplexity target without data to measure it on, or a dry run.</summary>
    public const string InvalidTarget = "GR1107";

    /// <summary>A plugin pin (<c>sha256</c>) that is not 64 hex digits.</summary>
    public const string InvalidHash = "GR1108";

    /// <summary>A corpus path or pattern (<c>frequencies.path</c> with <c>source: corpus</c>) matches no file.</summary>
    public const string CorpusMatchesNothing = "GR1109";

    /// <summary><c>calibration.matrix</c> names a tensor that is not one of the compressed matrices.</summary>
    public const string CalibrationMatrixUnknown = "GR1110";
}
