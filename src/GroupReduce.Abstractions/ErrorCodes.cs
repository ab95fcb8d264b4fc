namespace GroupReduce.Abstractions;

/// <summary>
/// Error codes that plugins and the host share. Spec (GR10xx–GR12xx) and model-file (GR2xxx) codes
/// live beside the code that raises them in GroupReduce.Core; docs/errors.md lists every code.
/// </summary>
public static class ErrorCodes
{
    /// <summary>A plugin option has a value of the wrong type or out of range.</summary>
    public const string InvalidOption = "GR1301";

    /// <summary>A plugin option block has a key the plugin does not know.</summary>
    public const string UnknownOption = "GR1302";

    /// <summary>A plugin option block is not a mapping.</summary>
    public const string OptionsNotMapping = "GR1303";

    /// <summary>No plugin of the requested kind has the requested name.</summary>
    public const string PluginNotFound = "GR3001";

    /// <summary>A plugin was built against an incompatible contract version.</summary>
    public const string ContractMismatch = "GR3002";

    /// <summary>A plugin file could not be loaded.</summary>
    public const string PluginLoadFailed = "GR3003";

    /// <summary>Two plugins of one kind claim the same name.</summary>
    public const string DuplicatePluginName = "GR3004";

    /// <summary>A plugin threw while doing its work.</summary>
    public const string PluginFailed = "GR3005";

    /// <summary>A plugin returned a result of the wrong shape or size.</summary>
    public const string PluginBadResult = "GR3006";

    /// <summary>A plugin returned NaN or infinite values.</summary>
    public const string PluginNonFinite = "GR3007";

    /// <summary>A plugin search path does not exist.</summary>
    public const string PluginPathMissing = "GR3008";

    /// <summary>A plugin's assembly file does not have the sha256 the spec pins it to.</summary>
    public const string PluginHashMismatch = "GR3009";

    /// <summary>
    /// A factory's <c>Name</c> does not return a string constant (or returns an empty one), so the host cannot learn
    /// it without running the plugin's code; the component is refused at discovery.
    /// </summary>
    public const string PluginNameNotConstant = "GR3010";

    /// <summary>A created factory's <c>Name</c> is not the name read from its metadata at discovery.</summary>
    public const string PluginNameMismatch = "GR3011";

    /// <summary>A plugin's assembly file changed between discovery and the moment it was to be loaded.</summary>
    public const string PluginChangedSinceDiscovery = "GR3012";

    /// <summary><c>quantizer: auto</c> with a partitioner that does not choose encodings (<see cref="Partitioning.ISpectrumPartitioner.ChoosesEncodings"/>).</summary>
    public const string EncodingsNotChosen = "GR3013";

    /// <summary>The budget is too small for any valid allocation.</summary>
    public const string BudgetTooSmall = "GR4001";

    /// <summary>An input matrix holds NaN or infinite values.</summary>
    public const string NonFiniteInput = "GR4002";

    /// <summary>A factorization did not converge or produced non-finite values.</summary>
    public const string FactorizationFailed = "GR4003";

    /// <summary>Tied matrices do not hold the same values.</summary>
    public const string TiedMatricesDiffer = "GR4004";

    /// <summary>A value cannot be represented by the chosen quantization (e.g. a scale overflows float16).</summary>
    public const string QuantizationOverflow = "GR4005";

    /// <summary>A requested rank or group count is impossible for the matrix shape.</summary>
    public const string ImpossibleRank = "GR4006";

    /// <summary>An explicitly requested compute device (e.g. a CUDA GPU) is not present.</summary>
    public const string AcceleratorNotFound = "GR4007";

    /// <summary>A warning: the automatic device choice fell back to a slower accelerator (e.g. no GPU was found).</summary>
    public const string AcceleratorFallback = "GR4008";

    /// <summary>The compute device ran out of memory for the solver's buffers.</summary>
    public const string DeviceOutOfMemory = "GR4009";
}
