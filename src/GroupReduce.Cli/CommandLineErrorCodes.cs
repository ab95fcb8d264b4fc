namespace GroupReduce.Cli;

/// <summary>Errors in the command line itself (GR1230–GR1239), reported before any file is read.</summary>
internal static class CommandLineErrorCodes
{
    /// <summary>An option or argument the command does not know (a typo, or an option of another command).</summary>
    public const string UnknownArgument = "GR1230";

    /// <summary>An option's value is invalid (<c>--threads 0</c>, a word where a number goes), or a required one is missing.</summary>
    public const string InvalidArgument = "GR1231";
}
